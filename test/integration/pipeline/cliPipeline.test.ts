import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { media, realSpeech, stereoSplitSpeech } from '../../support/mediaFixtures'
import { runCliProcess } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
let modelPath = ''

beforeAll(async () => {
  modelPath = await microModel()
})

interface ImportOutcome {
  file: string
  id: string | null
  status: string
  duplicate: boolean
  error: { code: string; message: string } | null
}
interface ShownTranscript {
  durationMs: number
  segments: { startMs: number; endMs: number; text: string }[]
}

const SRT_CUE =
  /^(\d+)\n(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})\n(.+(?:\n.+)*)$/

describe('earshot import → list → show → search (real ffmpeg, real whisper.cpp, real SQLite)', () => {
  // The two-channel call runs whisper once per channel (transcribeByChannel): ~2× a mono file's
  // cost when each channel is under one 30 s window, as here.
  it(
    'transcribes a video, real speech and a two-channel call, and finds them again',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDir()
      const cli = (...args: string[]) => runCliProcess([...args, '--data-dir', dataDir])
      const files = [media.mp4, realSpeech.jfkWav, media.stereoSplit]

      const imported = await cli('import', ...files, '--model', modelPath, '--json')
      expect(imported.stderr).toBe('')
      expect(imported.code).toBe(0)
      const outcomes = JSON.parse(imported.stdout) as ImportOutcome[]
      expect(outcomes.map((o) => [o.status, o.duplicate, o.error])).toEqual(
        files.map(() => ['done', false, null]),
      )

      const listed = JSON.parse((await cli('list', '--json')).stdout) as {
        id: string
        durationMs: number
      }[]
      expect(listed).toHaveLength(3)

      for (const outcome of outcomes) {
        const shown = await cli('show', outcome.id ?? '', '--format', 'json')
        expect(shown.code).toBe(0)
        const transcript = JSON.parse(shown.stdout) as ShownTranscript
        expect(transcript.segments.length).toBeGreaterThan(0)
        let previousEnd = 0
        for (const segment of transcript.segments) {
          expect(segment.startMs).toBeGreaterThanOrEqual(previousEnd)
          expect(segment.endMs).toBeGreaterThanOrEqual(segment.startMs)
          expect(segment.endMs).toBeLessThanOrEqual(transcript.durationMs)
          previousEnd = segment.startMs
        }

        const srt = (await cli('show', outcome.id ?? '', '--format', 'srt')).stdout
        const cues = srt.trimEnd().split('\n\n')
        expect(cues).toHaveLength(transcript.segments.length)
        cues.forEach((cue, i) => {
          const match = SRT_CUE.exec(cue)
          expect(match, cue).not.toBeNull()
          expect(Number(match?.[1])).toBe(i + 1)
        })
      }

      // Random weights write random words: search for one the transcript really holds.
      const jfkId = outcomes[1]?.id ?? ''
      const jfk = JSON.parse((await cli('show', jfkId, '--json')).stdout) as ShownTranscript
      const word = jfk.segments
        .flatMap((s) => s.text.match(/[\p{L}]{3,}/gu) ?? [])
        .find((w) => w.length >= 3)
      expect(word).toBeDefined()
      const hits = JSON.parse((await cli('search', word ?? '', '--json')).stdout) as {
        recordingId: string
        snippet: string
      }[]
      expect(hits.some((h) => h.recordingId === jfkId)).toBe(true)

      // The two parties of the call recorder stay apart: left loud first, right loud later.
      const db = openDataFolderDatabase(dataDir)
      const energy = new RecordingStore(db).channelEnergy(outcomes[2]?.id ?? '')
      db.close()
      expect(energy?.channels).toBe(2)
      const rms = energy?.rms ?? new Float32Array()
      const frameAt = (seconds: number) => Math.floor((seconds * 1000) / (energy?.frameMs ?? 100))
      const mean = (from: number, to: number, channel: number) => {
        let sum = 0
        for (let f = frameAt(from); f < frameAt(to); f++) sum += rms[f * 2 + channel] ?? 0
        return sum / (frameAt(to) - frameAt(from))
      }
      const [leftStart, leftEnd] = stereoSplitSpeech.left
      const [rightStart, rightEnd] = stereoSplitSpeech.right
      expect(mean(leftStart, leftEnd, 0)).toBeGreaterThan(10 * mean(leftStart, leftEnd, 1))
      expect(mean(rightStart, rightEnd, 1)).toBeGreaterThan(10 * mean(rightStart, rightEnd, 0))
    },
  )

  it('recognises a recording imported twice by its content and does not transcribe it again', async () => {
    const dataDir = tempDir()
    const cli = (...args: string[]) => runCliProcess([...args, '--data-dir', dataDir, '--json'])
    const first = JSON.parse(
      (await cli('import', realSpeech.jfkWav, '--model', modelPath)).stdout,
    ) as ImportOutcome[]
    const again = JSON.parse(
      (await cli('import', realSpeech.jfkWav, '--model', modelPath)).stdout,
    ) as ImportOutcome[]
    expect(again[0]).toMatchObject({ id: first[0]?.id, duplicate: true, status: 'done' })
    expect(JSON.parse((await cli('list')).stdout)).toHaveLength(1)
  })

  it('reports bad files one line each, by code, and still imports the good ones', async () => {
    const dataDir = tempDir()
    const result = await runCliProcess([
      'import',
      media.textAsMp4,
      media.videoOnly,
      realSpeech.jfkMp3,
      '/no/such/file.mp4',
      '--model',
      modelPath,
      '--data-dir',
      dataDir,
    ])
    expect(result.code).toBe(1)
    const errorLines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('earshot: '))
    expect(errorLines).toHaveLength(3)
    expect(result.stdout.trim().split('\n')).toHaveLength(1)

    const json = await runCliProcess([
      'import',
      media.textAsMp4,
      media.videoOnly,
      '/no/such/file.mp4',
      '--model',
      modelPath,
      '--data-dir',
      dataDir,
      '--json',
    ])
    const codes = (JSON.parse(json.stdout) as ImportOutcome[]).map((o) => o.error?.code)
    expect(codes).toEqual(['not-media', 'no-audio-stream', 'not-found'])
  })

  it('writes a loadable random-weight model with `model generate-test`', async () => {
    const out = join(tempDir(), 'm.bin')
    const made = await runCliProcess([
      'model',
      'generate-test',
      '--dims',
      'micro',
      '--out',
      out,
      '--json',
      '--data-dir',
      tempDir(),
    ])
    expect(made.code).toBe(0)
    expect(JSON.parse(made.stdout)).toMatchObject({ path: out, dims: 'micro' })
    const used = await runCliProcess([
      'import',
      realSpeech.jfkWav,
      '--model',
      out,
      '--data-dir',
      tempDir(),
      '--json',
    ])
    expect((JSON.parse(used.stdout) as ImportOutcome[])[0]?.status).toBe('done')
  })
})
