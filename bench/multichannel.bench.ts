// Import cost of two-channel calls transcribed per channel over their speech regions
// (transcribeByChannel), against today's mono-mix import of the same call (the whole mix, once),
// and against per-channel transcription without silence skipping; on the generated two-voice call
// and on the same call with long pauses. Figures: wall time of the whole import path (decode +
// whisper.cpp in its worker, best of RUNS, interleaved), and audio seconds whisper is given (the
// model-independent cost). The engine is the generated micro model (random weights, so its
// decoding cost is not a real model's: the audio-seconds ratio is the figure that carries over).
// Run: npm run bench:multichannel (RUNS=3 for best of three)   → prints a table and writes bench/results/multichannel.json
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { transcribeByChannel } from '../src/core/jobs/transcribeByChannel'
import { NativeFfmpeg } from '../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../src/core/media/resolveFfmpeg'
import { SpeechOnlyTimeline } from '../src/core/transcribe/SpeechOnlyTimeline'
import { WhisperTranscriber } from '../src/core/transcribe/WhisperTranscriber'
import {
  generateConversation,
  twoVoiceCall,
  type Conversation,
} from '../test/integration/speakers/support/conversations'
import { microModel } from '../test/integration/transcribe/support/fixtures'
import { repoRoot } from '../test/support/paths'

const RUNS = Number(process.env.RUNS ?? 1)
const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('the benchmark needs ffmpeg and ffprobe on PATH')
const media = new NativeFfmpeg(binaries)
const modelPath = await microModel()
const options = { language: 'en', threads: 2 }

const longPauses: Conversation = {
  ...twoVoiceCall,
  name: 'two-voice-call-long-pauses',
  turns: twoVoiceCall.turns.map((turn) =>
    turn.over === undefined && turn.gapMs !== undefined ? { ...turn, gapMs: 8_000 } : turn,
  ),
}

async function monoMix(file: string): Promise<number> {
  const transcriber = new WhisperTranscriber({ modelPath })
  try {
    let ms = 0
    await transcriber.transcribe(
      (async function* () {
        for await (const chunk of media.decodeToPcm(file)) {
          ms += chunk.length / 16
          yield chunk
        }
      })(),
      options,
    )
    return ms
  } finally {
    await transcriber.dispose()
  }
}

async function perChannel(file: string): Promise<number> {
  const transcriber = new WhisperTranscriber({ modelPath })
  try {
    const result = await transcribeByChannel({ media, transcriber, file, channels: 2, options })
    return result.transcribedMs
  } finally {
    await transcriber.dispose()
  }
}

/** Each channel whole, silence included: what per-channel transcription costs without the regions. */
async function perChannelWhole(file: string, durationMs: number): Promise<number> {
  const transcriber = new WhisperTranscriber({ modelPath })
  try {
    for (const channel of [0, 1]) {
      const all = new SpeechOnlyTimeline([{ startMs: 0, endMs: durationMs + 1000 }])
      await transcriber.transcribe(
        all.keep(media.decodeToPcm(file, { layout: { channel } })),
        options,
      )
    }
    return 2 * durationMs
  } finally {
    await transcriber.dispose()
  }
}

const rows = []
for (const conversation of [twoVoiceCall, longPauses]) {
  const call = await generateConversation(conversation)
  if (!call.stereo) throw new Error('no stereo mix')
  const stereo = call.stereo
  const paths = {
    monoMix: () => monoMix(call.mono),
    perChannel: () => perChannel(stereo),
    perChannelWhole: () => perChannelWhole(stereo, call.durationMs),
  }
  const best: Record<string, number> = {}
  const audio: Record<string, number> = {}
  for (let run = 0; run < RUNS; run++) {
    for (const [name, path] of Object.entries(paths)) {
      const start = performance.now()
      audio[name] = await path()
      const seconds = (performance.now() - start) / 1000
      best[name] = Math.min(best[name] ?? Infinity, seconds)
    }
  }
  console.log(conversation.name, JSON.stringify({ best, audio }))
  const speech = call.reference.reduce((sum, t) => sum + t.endMs - t.startMs, 0)
  rows.push({
    name: conversation.name,
    audioSeconds: call.durationMs / 1000,
    speechShare: speech / call.durationMs,
    seconds: best,
    whisperAudioSeconds: Object.fromEntries(Object.entries(audio).map(([k, v]) => [k, v / 1000])),
    costVsMonoMix: (best.perChannel ?? 0) / (best.monoMix ?? 1),
    audioVsMonoMix: (audio.perChannel ?? 0) / (audio.monoMix ?? 1),
    skipSpeedup: (best.perChannelWhole ?? 0) / (best.perChannel ?? 1),
  })
}

console.table(
  Object.fromEntries(
    rows.map((r) => [
      r.name,
      {
        'call s': r.audioSeconds.toFixed(1),
        'mono-mix s': r.seconds.monoMix?.toFixed(2),
        'per-channel s': r.seconds.perChannel?.toFixed(2),
        'per-channel whole s': r.seconds.perChannelWhole?.toFixed(2),
        'cost vs mono': `${r.costVsMonoMix.toFixed(2)}×`,
        'whisper audio vs mono': `${r.audioVsMonoMix.toFixed(2)}×`,
        'silence-skip speed-up': `${r.skipSpeedup.toFixed(2)}×`,
      },
    ]),
  ),
)
const out = join(repoRoot, 'bench', 'results', 'multichannel.json')
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      method: {
        runs: RUNS,
        engine: 'whisper.cpp (smart-whisper), generated micro model, 2 threads',
      },
      rows,
    },
    null,
    2,
  ) + '\n',
)
console.log(`wrote ${out}`)
