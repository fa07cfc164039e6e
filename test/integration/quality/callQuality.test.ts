import { utimesSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Importer } from '../../../src/core/jobs/Importer'
import { JobRunner } from '../../../src/core/jobs/JobRunner'
import { NativeFfmpeg } from '../../../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { JobOptions, JobQueue } from '../../../src/core/store/JobQueue'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { QualityStore } from '../../../src/core/store/QualityStore'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import type { Transcriber } from '../../../src/core/transcribe/types'
import type { CallQuality } from '../../../src/shared/quality'
import { CLIP_SECONDS, media as fixtures } from '../../support/mediaFixtures'
import { runTool } from '../../support/runTool'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()
const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('these tests need ffmpeg and ffprobe on PATH')
const media = new NativeFfmpeg(binaries)

/**
 * Stands in for whisper.cpp (random-weight test models write random confidences): reads the whole
 * PCM stream as the engine does and reports one line over the clip with a known confidence, so
 * the audio figures are what the test is about.
 */
function steadyTranscriber(confidence: number): Transcriber {
  return {
    async transcribe(pcm, options) {
      let samples = 0
      for await (const chunk of pcm) samples += chunk.length
      const segment = {
        startMs: 0,
        endMs: Math.round(samples / 16),
        text: 'hello there',
        confidence,
      }
      options?.onSegment?.(segment)
      return [segment]
    },
    dispose: () => Promise.resolve(),
  }
}

/** Imports and transcribes each file with the real pipeline; answers each report and row. */
async function measure(
  files: string[],
  confidence = 0.9,
): Promise<{ quality: CallQuality | null; callDate: string | null }[]> {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  try {
    const recordings = new RecordingStore(db)
    const queue = new JobQueue(db)
    const reports = new QualityStore(db)
    const importer = new Importer({ db, recordings, queue, media })
    const runner = new JobRunner({
      recordings,
      queue,
      media,
      createTranscriber: () => steadyTranscriber(confidence),
      saveQuality: (id, quality) => {
        reports.save(id, quality)
      },
    })
    const ids: string[] = []
    for (const file of files) {
      ids.push((await importer.importFile(file, JobOptions.parse({ modelPath: '/m' }))).recordingId)
    }
    await runner.drain()
    await runner.dispose()
    return ids.map((id) => {
      expect(recordings.get(id)?.status).toBe('done')
      return { quality: reports.get(id), callDate: recordings.get(id)?.callDate ?? null }
    })
  } finally {
    db.close()
  }
}

/** The generated speech clip run through an ffmpeg filter graph, as 16-bit mono WAV. */
async function filtered(name: string, args: string[]): Promise<string> {
  const out = join(tempDir(), name)
  await runTool('ffmpeg', ['-v', 'error', '-y', ...args, '-ac', '1', '-c:a', 'pcm_s16le', out])
  return out
}

describe('call-quality report measured on import (real ffmpeg, SQLite, the JobRunner)', () => {
  it(
    'rates clean speech good, speech in noise lower, and clipped speech poor',
    { timeout: 60_000 },
    async () => {
      const clean = fixtures.wavS16Mono16k
      // White noise about 25 dB under the speech, over the whole clip (pauses included).
      const noisy = await filtered('noisy.wav', [
        '-i',
        clean,
        '-f',
        'lavfi',
        '-i',
        `anoisesrc=color=white:amplitude=0.01:duration=${CLIP_SECONDS}:sample_rate=16000`,
        '-filter_complex',
        '[0:a][1:a]amix=inputs=2:normalize=0:duration=first',
      ])
      // 24 dB of gain: the peaks run into full scale.
      const clipped = await filtered('clipped.wav', ['-i', clean, '-af', 'volume=24dB'])
      const [good, inNoise, hot] = (await measure([clean, noisy, clipped])).map((r) => r.quality)

      expect(good).not.toBeNull()
      expect(good?.verdict).toBe('good')
      expect(good?.reasons).toEqual([])
      expect(good?.speechShare).toBeGreaterThan(0.2)
      expect(good?.speechShare).toBeLessThan(0.95)
      expect(good?.loudnessDbfs).toBeLessThan(-6)
      expect(good?.loudnessDbfs).toBeGreaterThan(-40)
      expect(good?.clippingShare).toBe(0)
      expect(good?.snrDb).toBeGreaterThan(30)
      expect(good?.meanConfidence).toBeCloseTo(0.9, 3)
      expect(good?.overlapShare).toBe(0)

      expect(inNoise?.snrDb).toBeLessThan((good?.snrDb ?? 0) - 15)
      expect(inNoise?.snrDb).toBeGreaterThan(5)

      expect(hot?.clippingShare).toBeGreaterThan(0.001)
      expect(hot?.verdict).toBe('poor-audio')
      expect(hot?.reasons.some((r) => r.includes('clipped'))).toBe(true)
    },
  )

  it(
    'asks to check the transcript when the transcriber was unsure',
    { timeout: 30_000 },
    async () => {
      const [first] = await measure([fixtures.wavS16Mono16k], 0.4)
      expect(first?.quality?.meanConfidence).toBeCloseTo(0.4, 3)
      expect(first?.quality?.verdict).toBe('check-transcript')
    },
  )

  it(
    'measures two-channel calls on the channel pass, overlap from the parties’ lines',
    { timeout: 30_000 },
    async () => {
      const [first] = await measure([fixtures.stereoSplit])
      expect(first?.quality).not.toBeNull()
      expect(first?.quality?.snrDb).toBeGreaterThan(20)
      expect(first?.quality?.clippingShare).toBe(0)
      expect(first?.quality?.overlapShare).toBeGreaterThanOrEqual(0)
    },
  )

  it(
    'dates the call by the container’s creation_time, else the file’s modification time',
    { timeout: 30_000 },
    async () => {
      const tagged = join(tempDir(), 'tagged.m4a')
      await runTool('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        fixtures.wavS16Mono16k,
        '-c:a',
        'aac',
        '-metadata',
        'creation_time=2024-03-05T10:30:00.000000Z',
        tagged,
      ])
      const untagged = await filtered('untagged.wav', ['-i', fixtures.wavS16Mono16k])
      const mtime = new Date('2023-11-20T08:15:00.000Z')
      utimesSync(untagged, mtime, mtime)
      const [fromTag, fromFile] = await measure([tagged, untagged])
      expect(fromTag?.callDate).toBe('2024-03-05T10:30:00.000Z')
      expect(fromFile?.callDate).toBe(mtime.toISOString())
    },
  )
})
