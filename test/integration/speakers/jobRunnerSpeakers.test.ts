import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { labelSegmentSpeakers } from '../../../src/core/derive/speakers/labelSegmentSpeakers'
import { SpeakerFeatureStream } from '../../../src/core/derive/speakers/SpeakerFeatureStream'
import { Importer } from '../../../src/core/jobs/Importer'
import { JobRunner } from '../../../src/core/jobs/JobRunner'
import { NativeFfmpeg } from '../../../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { JobOptions, JobQueue } from '../../../src/core/store/JobQueue'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore, type StoredSegment } from '../../../src/core/store/RecordingStore'
import type { Transcriber } from '../../../src/core/transcribe/types'
import { WhisperTranscriber } from '../../../src/core/transcribe/WhisperTranscriber'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'
import {
  generateConversation,
  singleVoiceMonologue,
  twoVoiceCall,
  type GeneratedConversation,
  type ReferenceTurn,
} from './support/conversations'
import { mainTurns, scriptedTranscriber } from './support/scriptedTranscriber'

const tempDir = useTempDir()
const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('these tests need ffmpeg and ffprobe on PATH')
const media = new NativeFfmpeg(binaries)

let modelPath = ''
let monologue: GeneratedConversation
let call: GeneratedConversation

beforeAll(async () => {
  modelPath = await microModel()
  ;[monologue, call] = await Promise.all([
    generateConversation(singleVoiceMonologue),
    generateConversation(twoVoiceCall),
  ])
})

type CreateTranscriber = (options: { modelPath: string }) => Transcriber

/** Imports and transcribes files with the real pipeline (ffmpeg, SQLite, the given engine). */
async function transcribe(
  files: string[],
  createTranscriber: CreateTranscriber = (options) => new WhisperTranscriber(options),
): Promise<StoredSegment[][]> {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  try {
    const recordings = new RecordingStore(db)
    const queue = new JobQueue(db)
    const importer = new Importer({ db, recordings, queue, media })
    const runner = new JobRunner({ recordings, queue, media, createTranscriber })
    const ids: string[] = []
    for (const file of files) {
      ids.push((await importer.importFile(file, JobOptions.parse({ modelPath }))).recordingId)
    }
    await runner.drain()
    await runner.dispose()
    for (const id of ids) expect(recordings.get(id)?.status).toBe('done')
    return ids.map((id) => recordings.segments(id))
  } finally {
    db.close()
  }
}

/**
 * Like scriptedTranscriber, but it writes every two main turns as ONE line (as whisper does when a
 * reply follows without a pause), with word times: four words spread over each turn.
 */
function mergingTranscriber(conversation: GeneratedConversation): Transcriber {
  return {
    async transcribe(pcm, options) {
      let samples = 0
      for await (const chunk of pcm) samples += chunk.length
      expect(samples).toBeGreaterThan(0)
      const turns = mainTurns(conversation.reference)
      const wordsOf = (turn: ReferenceTurn, i: number) =>
        [0, 1, 2, 3].map((k) => ({
          startMs: Math.round(turn.startMs + ((turn.endMs - turn.startMs) * k) / 4),
          endMs: Math.round(turn.startMs + ((turn.endMs - turn.startMs) * (k + 1)) / 4),
          text: ` t${i}w${k}`,
        }))
      const segments = []
      for (let i = 0; i < turns.length; i += 2) {
        const pair = turns.slice(i, i + 2)
        const words = pair.flatMap((turn, j) => wordsOf(turn, i + j))
        segments.push({
          startMs: pair[0]?.startMs ?? 0,
          endMs: pair[pair.length - 1]?.endMs ?? 0,
          text: words
            .map((w) => w.text)
            .join('')
            .trim(),
          words,
        })
      }
      for (const segment of segments) options?.onSegment?.(segment)
      return segments
    },
    dispose: () => Promise.resolve(),
  }
}

describe('speakers stored by the job runner', () => {
  it(
    'labels a mono call by voice and one voice as Speaker 1 (two-channel calls: multiChannelCalls.test.ts)',
    { timeout: 120_000 },
    async () => {
      const conversations = [call, monologue]
      let next = 0
      const [mono = [], single = []] = await transcribe([call.mono, monologue.mono], () =>
        scriptedTranscriber(conversations[next++] ?? call),
      )
      const expected = mainTurns(call.reference).map((turn) => `Speaker ${turn.speaker + 1}`)
      expect(expected.length).toBeGreaterThanOrEqual(8)
      // Voice 0 speaks first (mono: order of appearance).
      expect(mono.map((s) => s.speaker)).toEqual(expected)
      expect(single.length).toBeGreaterThanOrEqual(10)
      expect(new Set(single.map((s) => s.speaker))).toEqual(new Set(['Speaker 1']))
    },
  )

  it(
    'splits a line that spans two people at the word where the speaker changes',
    { timeout: 120_000 },
    async () => {
      const [stored = []] = await transcribe([call.mono], () => mergingTranscriber(call))
      const turns = mainTurns(call.reference)
      // Back to one line per turn, each with its own words and its speaker.
      expect(stored.map((s) => s.text)).toEqual(
        turns.map((_, i) => [0, 1, 2, 3].map((k) => `t${i}w${k}`).join(' ')),
      )
      expect(stored.map((s) => s.speaker)).toEqual(turns.map((t) => `Speaker ${t.speaker + 1}`))
    },
  )

  it(
    'stores the speakers a fresh computation from the same audio gives, as a resumed job must',
    { timeout: 180_000 },
    async () => {
      const [stored = []] = await transcribe([call.mono])
      expect(stored.length).toBeGreaterThan(0)
      expect(stored.every((s) => s.speaker === 'Speaker 1' || s.speaker === 'Speaker 2')).toBe(true)
      // Independently: decode in other chunk sizes, diarize, label the stored segments.
      const features = new SpeakerFeatureStream()
      for await (const chunk of media.decodeToPcm(call.mono)) {
        for (let at = 0; at < chunk.length; at += 1000) features.push(chunk.subarray(at, at + 1000))
      }
      const again = labelSegmentSpeakers(stored, { kind: 'voices', blocks: features.finish() })
      expect(stored.map((s) => s.speaker)).toEqual(again)
    },
  )
})
