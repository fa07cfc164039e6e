// Speaker diarization on generated conversations (espeak-ng voices mixed by ffmpeg, known turns)
// and on real speech: the open two-person sample with its reference RTTM, each of its two people
// talking alone, and JFK (one person):
//   DER — (missed + false alarm + confusion) / scored reference speech, optimal one-to-one speaker
//         mapping, overlapped speech scored, 250 ms no-score collar around every reference turn edge
//         (NIST RT convention); the same without a collar is printed too, as the stricter figure;
//   the same DER from NIST md-eval.pl (sctk, -c 0.25) on the same RTTMs, as the cross-check;
//   estimated vs true number of speakers;
//   RTF of the diarizer alone (features + diarize on PCM already decoded, best of RUNS);
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
  generatedSet,
  speakersDir,
  type ReferenceTurn,
} from '../test/integration/speakers/support/conversations'
import { diarizationErrorRate } from '../test/integration/speakers/support/diarizationErrorRate'
import { MD_EVAL, mdEvalDer, rttmLines } from '../test/integration/speakers/support/mdEval'
import { readRttm } from '../test/integration/speakers/support/readRttm'
import { repoRoot, sharedFixturesDir } from '../test/support/paths'

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

/** A file to score: generated (reference known by construction) or real (reference RTTM, or none). */
interface Case {
  name: string
  file: string
  speakers: number
  /** Null for a real one-speaker recording without an RTTM: only the count is scored. */
  reference: ReferenceTurn[] | null
}

/** Features + diarize on PCM already in memory: the diarizer's own cost, without the decoder. */
async function diarizerSeconds(file: string): Promise<number> {
  const chunks: Float32Array[] = []
  for await (const chunk of media.decodeToPcm(file)) chunks.push(chunk)
  let best = Infinity
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    const features = new SpeakerFeatureStream()
    for (const chunk of chunks) features.push(chunk)
    diarize(features.finish())
    best = Math.min(best, (performance.now() - start) / 1000)
  }
  return best
}

const mdEvalDir = join(speakersDir, 'md-eval')
mkdirSync(mdEvalDir, { recursive: true })

async function nistDer(reference: ReferenceTurn[], turns: SpeakerTurn[]): Promise<number | null> {
  if (!existsSync(MD_EVAL)) return null
  const named = (list: readonly { startMs: number; endMs: number; speaker: number }[], p: string) =>
    list.map((t) => ({ startMs: t.startMs, endMs: t.endMs, speaker: `${p}${t.speaker}` }))
  return mdEvalDer(
    mdEvalDir,
    rttmLines('bench', named(reference, 'ref')),
    rttmLines('bench', named(turns, 'hyp')),
  )
}

async function evaluate(item: Case) {
  const timing = await timeBoth(item.file)
  const audioSeconds = (await decodeOnly(item.file)) / 16_000
  const collared = item.reference ? diarizationErrorRate(item.reference, timing.turns, 250) : null
  const strict = item.reference ? diarizationErrorRate(item.reference, timing.turns, 0) : null
  return {
    name: item.name,
    audioSeconds,
    speakersTrue: item.speakers,
    speakersEstimated: speakerCount(timing.turns),
    der: collared?.der ?? null,
    mdEvalDer: item.reference ? await nistDer(item.reference, timing.turns) : null,
    missedMs: collared?.missedMs ?? null,
    falseAlarmMs: collared?.falseAlarmMs ?? null,
    confusionMs: collared?.confusionMs ?? null,
    scoredSpeechMs: collared?.scoredSpeechMs ?? null,
    derNoCollar: strict?.der ?? null,
    decodeOnlyRealtime: audioSeconds / timing.baseline,
    diarizeRealtime: audioSeconds / timing.measured,
    diarizeVsDecode: timing.baseline / timing.measured,
    diarizerRtf: (await diarizerSeconds(item.file)) / audioSeconds,
    featureBytes: timing.featureBytes,
  }
}

/** A stretch of a real recording as its own file (ffmpeg -ss/-to), cached beside the generated ones. */
function excerpt(source: string, name: string, fromMs: number, toMs: number): string {
  const out = join(speakersDir, `${name}.wav`)
  if (existsSync(out)) return out
  const tmp = `${out}.${process.pid}.tmp`
  const made = spawnSync(binaries?.ffmpeg ?? 'ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-i', source, '-ss', String(fromMs / 1000),
    '-to', String(toMs / 1000), '-c:a', 'pcm_s16le', '-f', 'wav', tmp,
  ]) // prettier-ignore
  if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr.toString()}`)
  renameSync(tmp, out)
  return out
}

/** Channel attribution on the stereo version of the call: each reference turn's label. */
async function stereoAttribution(conversation: Awaited<ReturnType<typeof generateConversation>>) {
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

const generated = await Promise.all(generatedSet.map(generateConversation))
const sampleWav = join(sharedFixturesDir, 'diarization', 'sample.wav')
const real: Case[] = [
  {
    name: 'real: open sample (2 people)',
    file: sampleWav,
    speakers: 2,
    reference: readRttm(join(sharedFixturesDir, 'diarization', 'sample.rttm')),
  },
  // From the reference: only the second person 21.78–27.85 s, only the first 11.10–14.49 s.
  {
    name: 'real: sample, 2nd person alone',
    file: excerpt(sampleWav, 'sample-second-alone', 21_800, 27_800),
    speakers: 1,
    reference: null,
  },
  {
    name: 'real: sample, 1st person alone',
    file: excerpt(sampleWav, 'sample-first-alone', 11_100, 14_400),
    speakers: 1,
    reference: null,
  },
  {
    name: 'real: JFK (1 person)',
    file: join(sharedFixturesDir, 'jfk.wav'),
    speakers: 1,
    reference: null,
  },
]
const cases: Case[] = [
  ...generated.map((g) => ({
    name: g.name,
    file: g.mono,
    speakers: g.speakers,
    reference: g.reference,
  })),
  ...real,
]
const rows = []
for (const item of cases) rows.push(await evaluate(item))
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
    mdEval: `${MD_EVAL} -c 0.25 -r REF -s HYP`,
    diarizerRtf: 'features + diarize seconds / audio seconds, PCM already decoded, best of runs',
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

const pct = (n: number | null): string => (n === null ? '—' : `${(100 * n).toFixed(1)} %`)
const x = (n: number): string => `${n.toFixed(0)}×`
console.log(`diarization, generated and real (collar 250 ms; best of ${RUNS} for speed)`)
console.table(
  Object.fromEntries(
    rows.map((r) => [
      r.name,
      {
        seconds: r.audioSeconds.toFixed(1),
        speakers: `${r.speakersEstimated} / ${r.speakersTrue}`,
        count: r.speakersEstimated === r.speakersTrue ? 'right' : 'WRONG',
        DER: pct(r.der),
        'md-eval DER': pct(r.mdEvalDer),
        'DER no collar': pct(r.derNoCollar),
        RTF: r.diarizerRtf.toFixed(4),
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
