import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatRttm } from '../../../src/core/export/formatRttm'
import { speakerTurns } from '../../../src/core/export/speakerTurns'
import { Importer } from '../../../src/core/jobs/Importer'
import { JobRunner } from '../../../src/core/jobs/JobRunner'
import { NativeFfmpeg } from '../../../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { JobOptions, JobQueue } from '../../../src/core/store/JobQueue'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import type { TranscribedSegment, Transcriber } from '../../../src/core/transcribe/types'
import { SileroVad, sileroModelPath } from '../../../src/core/vad/SileroVad'
import { useTempDir } from '../../support/tempDir'
import {
  generateConversation,
  threeVoiceMeeting,
  twoVoiceCall,
  type GeneratedConversation,
  type ReferenceTurn,
} from './support/conversations'
import { diarizationErrorRate } from './support/diarizationErrorRate'
import { mdEvalDer, rttmLines } from './support/mdEval'

const tempDir = useTempDir()
const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('these tests need ffmpeg and ffprobe on PATH')
const media = new NativeFfmpeg(binaries)

let call: GeneratedConversation
let meeting: GeneratedConversation
beforeAll(async () => {
  ;[call, meeting] = await Promise.all([
    generateConversation(twoVoiceCall),
    generateConversation(threeVoiceMeeting),
  ])
})

/**
 * Stands in for whisper.cpp where the test needs segments where speech is (random-weight test
 * models place them anywhere): it reads the PCM it is given as the engine does and reports one
 * segment per run of sound in *that* audio (20 ms frames, pauses under 200 ms bridged), on the
 * clock of the audio it was given. So the pipeline must map times back and name speakers itself.
 */
function soundTranscriber(heard: number[]): Transcriber {
  return {
    async transcribe(pcm, options) {
      const frame = 320
      const loud: boolean[] = []
      let sum = 0
      let n = 0
      let samples = 0
      for await (const chunk of pcm) {
        for (const sample of chunk) {
          sum += sample * sample
          if (++n === frame) {
            loud.push(Math.sqrt(sum / n) > 0.01)
            sum = 0
            n = 0
          }
        }
        samples += chunk.length
      }
      heard.push(samples / 16)
      const segments: TranscribedSegment[] = []
      loud.forEach((isLoud, f) => {
        if (!isLoud) return
        const last = segments.at(-1)
        if (last && f * 20 - last.endMs < 200) last.endMs = (f + 1) * 20
        else
          segments.push({ startMs: f * 20, endMs: (f + 1) * 20, text: `line ${segments.length}` })
      })
      for (const segment of segments) options?.onSegment?.(segment)
      return segments
    },
    dispose: () => Promise.resolve(),
  }
}

const overlapMs = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) =>
  Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs))

const refOf = (turns: ReferenceTurn[], speaker: number) =>
  turns.filter((t) => t.speaker === speaker)

describe('a two-channel call, each party on its own channel', () => {
  it.each([
    ['the Silero voice model', true],
    ['channel energy (no voice model)', false],
  ])(
    'with speech regions from %s, puts every line on the speaker of its channel, keeps cross-talk as overlapping lines, and scores DER ≤ 5 % in RTTM',
    { timeout: 60_000 },
    async (_name, withVoiceModel) => {
      const stereo = call.stereo
      if (!stereo) throw new Error('the call has a stereo mix')
      const db = openDatabase(join(tempDir(), 'earshot.db'), null)
      const heard: number[] = []
      try {
        const recordings = new RecordingStore(db)
        const queue = new JobQueue(db)
        const importer = new Importer({ db, recordings, queue, media })
        const named: [string, string][] = []
        const runner = new JobRunner({
          recordings,
          queue,
          media,
          createTranscriber: () => soundTranscriber(heard),
          meChannel: () => 1,
          loadVad: async () => {
            if (!withVoiceModel) return null
            const path = sileroModelPath()
            const vad = path ? await SileroVad.load(path) : null
            if (!vad) throw new Error('the shipped Silero model loads here')
            return vad
          },
          nameSpeaker: (_id, label, name) => named.push([label, name]),
        })
        const { recordingId } = await importer.importFile(
          stereo,
          JobOptions.parse({ modelPath: 'unused' }),
        )
        await runner.drain()
        await runner.dispose()
        expect(recordings.get(recordingId)?.status).toBe('done')
        expect(named).toEqual([['Speaker 2', 'You']])

        const lines = recordings.segments(recordingId)
        expect(lines.length).toBeGreaterThanOrEqual(8)
        // Stored in time order.
        expect(lines.map((l) => l.startMs)).toEqual(
          [...lines.map((l) => l.startMs)].sort((a, b) => a - b),
        )
        for (const l of lines) {
          const speaker = l.speaker === 'Speaker 1' ? 0 : l.speaker === 'Speaker 2' ? 1 : -1
          expect(speaker, `line at ${l.startMs} ms has a channel speaker`).toBeGreaterThanOrEqual(0)
          const own = refOf(call.reference, speaker).reduce((sum, t) => sum + overlapMs(l, t), 0)
          // Every line is said by its channel's voice: at least 80 % of it lies in that voice's turns.
          expect(own / (l.endMs - l.startMs), `line ${l.idx} at ${l.startMs} ms`).toBeGreaterThan(
            0.8,
          )
        }
        // The backchannel ("mm-hm" over the first party's turn) is its own line, overlapping.
        const over = call.reference.find((t) =>
          call.reference.some(
            (o) => o.speaker !== t.speaker && o.startMs < t.startMs && o.endMs > t.endMs,
          ),
        )
        expect(over).toBeDefined()
        if (!over) return
        const backchannel = lines.find(
          (l) => l.speaker === `Speaker ${over.speaker + 1}` && overlapMs(l, over) > 0,
        )
        const talkedOver = lines.find(
          (l) => l.speaker !== backchannel?.speaker && backchannel && overlapMs(l, backchannel) > 0,
        )
        expect(backchannel).toBeDefined()
        expect(talkedOver).toBeDefined()

        // Whisper heard each channel's speech only: together less than the call itself twice over.
        expect(heard).toHaveLength(2)
        const total = heard.reduce((a, b) => a + b, 0)
        expect(total).toBeLessThan(1.3 * call.durationMs)

        // RTTM from the stored per-channel activity, scored by our scorer and by NIST md-eval.
        const energy = recordings.channelEnergy(recordingId)
        expect(energy?.channels).toBe(2)
        const turns = speakerTurns(lines, {}, energy)
        const hypothesis = formatRttm('call', turns)
        const reference = rttmLines(
          'call',
          call.reference.map((t) => ({ ...t, speaker: `ref${t.speaker}` })),
        )
        const ours = diarizationErrorRate(
          call.reference,
          turns.map((t) => ({ ...t, speaker: t.speaker === 'Speaker 1' ? 0 : 1 })),
        )
        const nist = await mdEvalDer(tempDir(), reference, hypothesis)
        expect(ours.der).toBeLessThanOrEqual(0.05)
        expect(nist).toBeLessThanOrEqual(0.05)
        expect(Math.abs(ours.der - nist)).toBeLessThan(0.02)
      } finally {
        db.close()
      }
    },
  )
})

describe('a three-channel meeting, one microphone per person', () => {
  it(
    "transcribes each channel on its own, puts every line on its channel's speaker, and scores DER ≤ 5 % in per-channel RTTM",
    { timeout: 90_000 },
    async () => {
      const file = meeting.multichannel
      if (!file) throw new Error('the meeting has a three-channel mix')
      const db = openDatabase(join(tempDir(), 'earshot.db'), null)
      const heard: number[] = []
      try {
        const recordings = new RecordingStore(db)
        const queue = new JobQueue(db)
        const importer = new Importer({ db, recordings, queue, media })
        const voiced: string[][] = []
        const runner = new JobRunner({
          recordings,
          queue,
          media,
          createTranscriber: () => soundTranscriber(heard),
          speakerVoices: (_id, voices) => voiced.push(voices.map((v) => v.label)),
        })
        const { recordingId } = await importer.importFile(
          file,
          JobOptions.parse({ modelPath: 'unused' }),
        )
        expect(recordings.get(recordingId)?.channels).toBe(3)
        await runner.drain()
        await runner.dispose()
        expect(recordings.get(recordingId)?.status).toBe('done')

        const lines = recordings.segments(recordingId)
        expect(lines.length).toBeGreaterThanOrEqual(9)
        const speakerOf = (label: string | null) =>
          ['Speaker 1', 'Speaker 2', 'Speaker 3'].indexOf(label ?? '')
        for (const l of lines) {
          const speaker = speakerOf(l.speaker)
          expect(speaker, `line at ${l.startMs} ms has a channel speaker`).toBeGreaterThanOrEqual(0)
          const own = refOf(meeting.reference, speaker).reduce((sum, t) => sum + overlapMs(l, t), 0)
          expect(own / (l.endMs - l.startMs), `line ${l.idx} at ${l.startMs} ms`).toBeGreaterThan(
            0.8,
          )
        }
        expect(new Set(lines.map((l) => l.speaker))).toEqual(
          new Set(['Speaker 1', 'Speaker 2', 'Speaker 3']),
        )
        // Each channel heard on its own, speech only; each channel's voice kept for "this is me".
        expect(heard).toHaveLength(3)
        expect(heard.reduce((a, b) => a + b, 0)).toBeLessThan(1.3 * meeting.durationMs)
        expect(voiced).toEqual([['Speaker 1', 'Speaker 2', 'Speaker 3']])

        const energy = recordings.channelEnergy(recordingId)
        expect(energy?.channels).toBe(3)
        const turns = speakerTurns(lines, {}, energy)
        const hypothesis = formatRttm('meeting', turns)
        expect(
          new Set(
            hypothesis
              .trim()
              .split('\n')
              .map((l) => l.split(' ')[7]),
          ),
        ).toEqual(new Set(['Speaker_1', 'Speaker_2', 'Speaker_3']))
        const reference = rttmLines(
          'meeting',
          meeting.reference.map((t) => ({ ...t, speaker: `ref${t.speaker}` })),
        )
        const ours = diarizationErrorRate(
          meeting.reference,
          turns.map((t) => ({ ...t, speaker: speakerOf(t.speaker) })),
        )
        const nist = await mdEvalDer(tempDir(), reference, hypothesis)
        console.log(
          `three-channel meeting: DER ${ours.der.toFixed(4)} (ours), ${nist.toFixed(4)} (md-eval)`,
        )
        expect(ours.der).toBeLessThanOrEqual(0.05)
        expect(nist).toBeLessThanOrEqual(0.05)
      } finally {
        db.close()
      }
    },
  )
})
