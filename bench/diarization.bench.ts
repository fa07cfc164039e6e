// Speaker diarization on generated conversations (espeak-ng voices mixed by ffmpeg, known turns):
//   DER — (missed + false alarm + confusion) / scored reference speech, optimal one-to-one speaker
//         mapping, overlapped speech scored, 250 ms no-score collar around every reference turn edge
//         (NIST RT convention); the same without a collar is printed too, as the stricter figure;
//   estimated vs true number of speakers;
//   speed as × realtime for decode + features + diarize, against decode alone measured in the same
//   run (interleaved, best of RUNS), on each conversation and on a 30-minute recording.
// Run: npm run bench:diarization   → prints a table and writes bench/results/diarization.json
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { attributeByChannel } from '../src/core/derive/speakers/attributeByChannel'
import { diarize, type SpeakerTurn } from '../src/core/derive/speakers/diarize'
import { SpeakerFeatureStream } from '../src/core/derive/speakers/SpeakerFeatureStream'
import { ChannelEnergyMeter } from '../src/core/jobs/ChannelEnergyMeter'
import { mixToMono } from '../src/core/jobs/mixToMono'
import { NativeFfmpeg } from '../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../src/core/media/resolveFfmpeg'
import {
  generateConversation,
  singleVoiceMonologue,
  speakersDir,
  threeVoiceMeeting,
  twoVoiceCall,
  type GeneratedConversation,
} from '../test/integration/speakers/support/conversations'
import { diarizationErrorRate } from '../test/integration/speakers/support/diarizationErrorRate'
import { repoRoot } from '../test/support/paths'

const RUNS = 3
const LONG_MINUTES = 30

const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('the diarization benchmark needs ffmpeg and ffprobe on PATH')
const media = new NativeFfmpeg(binaries)

async function decodeOnly(file: string): Promise<number> {
  let samples = 0
  for await (const chunk of media.decodeToPcm(file)) samples += chunk.length
  return samples
}

async function decodeAndDiarize(
  file: string,
): Promise<{ turns: SpeakerTurn[]; featureBytes: number }> {
  const features = new SpeakerFeatureStream()
  for await (const chunk of media.decodeToPcm(file)) features.push(chunk)
  const blocks = features.finish()
  return { turns: diarize(blocks), featureBytes: blocks.stats.byteLength }
}

/** Interleaved best-of-RUNS timings of the baseline and the measured path. */
async function timeBoth(file: string) {
  let baseline = Infinity
  let measured = Infinity
  let result: Awaited<ReturnType<typeof decodeAndDiarize>> | null = null
  await decodeOnly(file) // warm the page cache and the binary
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now()
    await decodeOnly(file)
    baseline = Math.min(baseline, (performance.now() - start) / 1000)
    start = performance.now()
    result = await decodeAndDiarize(file)
    measured = Math.min(measured, (performance.now() - start) / 1000)
  }
  if (!result) throw new Error('no runs')
  return { baseline, measured, ...result }
}

function speakerCount(turns: SpeakerTurn[]): number {
  return new Set(turns.map((t) => t.speaker)).size
}

async function evaluate(conversation: GeneratedConversation) {
  const timing = await timeBoth(conversation.mono)
  const audioSeconds = conversation.durationMs / 1000
  const collared = diarizationErrorRate(conversation.reference, timing.turns, 250)
  const strict = diarizationErrorRate(conversation.reference, timing.turns, 0)
  return {
    name: conversation.name,
    audioSeconds,
    speakersTrue: conversation.speakers,
    speakersEstimated: speakerCount(timing.turns),
    der: collared.der,
    missedMs: collared.missedMs,
    falseAlarmMs: collared.falseAlarmMs,
    confusionMs: collared.confusionMs,
    scoredSpeechMs: collared.scoredSpeechMs,
    derNoCollar: strict.der,
    decodeOnlyRealtime: audioSeconds / timing.baseline,
    diarizeRealtime: audioSeconds / timing.measured,
    diarizeVsDecode: timing.baseline / timing.measured,
    featureBytes: timing.featureBytes,
  }
}

/** Channel attribution on the stereo version of the call: each reference turn's label. */
async function stereoAttribution(conversation: GeneratedConversation) {
  if (!conversation.stereo) throw new Error(`${conversation.name} has no stereo version`)
  const meter = new ChannelEnergyMeter(2)
  let monoSamples = 0
  for await (const chunk of mixToMono(
    media.decodeToPcm(conversation.stereo, { layout: 'stereo' }),
    meter,
  )) {
    monoSamples += chunk.length
  }
  const rms = meter.result()
  const labels = attributeByChannel(conversation.reference, {
    frameMs: meter.frameMs,
    channels: 2,
    rms,
  })
  const correct = labels.filter(
    (l, i) => l.speaker === `Speaker ${(conversation.reference[i]?.speaker ?? 0) + 1}`,
  )
  return {
    turns: labels.length,
    correct: correct.length,
    accuracy: correct.length / labels.length,
    overlapMs: labels.reduce((sum, l) => sum + l.overlapMs, 0),
    audioSeconds: monoSamples / 16_000,
  }
}

/** The two-voice call on a loop for LONG_MINUTES: speed and memory on a long recording. */
function longRecording(source: string): string {
  const out = join(speakersDir, `long-${LONG_MINUTES}min-call.wav`)
  if (existsSync(out)) return out
  const tmp = `${out}.${process.pid}.tmp`
  const made = spawnSync(binaries?.ffmpeg ?? 'ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-stream_loop', '-1', '-i', source,
    '-t', String(LONG_MINUTES * 60), '-c', 'copy', '-f', 'wav', tmp,
  ]) // prettier-ignore
  if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr.toString()}`)
  renameSync(tmp, out)
  return out
}

const generated = await Promise.all(
  [twoVoiceCall, threeVoiceMeeting, singleVoiceMonologue].map(generateConversation),
)
const rows = []
for (const conversation of generated) rows.push(await evaluate(conversation))
const [twoVoice] = generated
if (!twoVoice) throw new Error('no conversations')
const stereo = await stereoAttribution(twoVoice)

const longFile = longRecording(twoVoice.mono)
const longTiming = await timeBoth(longFile)
const rssAfter = process.memoryUsage.rss()
const long = {
  audioSeconds: LONG_MINUTES * 60,
  speakersEstimated: speakerCount(longTiming.turns),
  decodeOnlyRealtime: (LONG_MINUTES * 60) / longTiming.baseline,
  diarizeRealtime: (LONG_MINUTES * 60) / longTiming.measured,
  diarizeVsDecode: longTiming.baseline / longTiming.measured,
  featureMegabytes: longTiming.featureBytes / 1e6,
  rssMegabytesAfter: rssAfter / 1e6,
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  method: {
    der: 'NIST md-eval style: (missed + false alarm + confusion) / scored speech; optimal 1:1 mapping; overlap scored',
    collarMs: 250,
    runs: RUNS,
    baseline: 'decode to 16 kHz mono PCM only, same file, interleaved',
  },
  conversations: rows,
  speakerCountAccuracy:
    rows.filter((r) => r.speakersEstimated === r.speakersTrue).length / rows.length,
  stereoAttribution: stereo,
  long,
}

const pct = (n: number): string => `${(100 * n).toFixed(1)} %`
const x = (n: number): string => `${n.toFixed(0)}×`
console.log(`diarization on generated conversations (collar 250 ms; best of ${RUNS} for speed)`)
console.table(
  Object.fromEntries(
    rows.map((r) => [
      r.name,
      {
        seconds: r.audioSeconds.toFixed(1),
        speakers: `${r.speakersEstimated} / ${r.speakersTrue}`,
        DER: pct(r.der),
        'DER no collar': pct(r.derNoCollar),
        'decode ×rt': x(r.decodeOnlyRealtime),
        'diarize ×rt': x(r.diarizeRealtime),
        'vs decode': r.diarizeVsDecode.toFixed(2),
      },
    ]),
  ),
)
console.log(
  `speaker count right in ${rows.filter((r) => r.speakersEstimated === r.speakersTrue).length}/${rows.length}; ` +
    `stereo attribution ${stereo.correct}/${stereo.turns} turns (overlap seen ${stereo.overlapMs} ms); ` +
    `${LONG_MINUTES}-min recording: decode ${x(long.decodeOnlyRealtime)}, decode+diarize ${x(long.diarizeRealtime)} ` +
    `(${long.diarizeVsDecode.toFixed(2)} of decode speed), ${long.speakersEstimated} speakers, ` +
    `features ${long.featureMegabytes.toFixed(1)} MB, RSS ${long.rssMegabytesAfter.toFixed(0)} MB`,
)

const out = join(repoRoot, 'bench', 'results', 'diarization.json')
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
console.log(`wrote ${out}`)
