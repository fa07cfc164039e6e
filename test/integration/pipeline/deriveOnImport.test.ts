import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DerivedStore, StoredSummary } from '../../../src/core/store/DerivedStore'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { CallQuality } from '../../../src/shared/quality'
import { TranscriptUpload, UploadMetrics, UploadSignal } from '../../../src/shared/upload'
import { media, realSpeech } from '../../support/mediaFixtures'
import { runCliProcess } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
let modelPath = ''

beforeAll(async () => {
  modelPath = await microModel()
})

describe('earshot import derives what it transcribed (real ffmpeg, whisper.cpp, SQLite)', () => {
  // The two-channel call runs whisper once per channel (transcribeByChannel).
  it(
    'stores schema-valid metrics, signals and a summary, and uploads them',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDir()
      const cli = (...args: string[]) => runCliProcess([...args, '--data-dir', dataDir, '--json'])
      const files = [realSpeech.jfkWav, media.stereoSplit]
      const imported = await cli('import', ...files, '--model', modelPath)
      expect(imported.stderr).toBe('')
      expect(imported.code).toBe(0)
      const ids = (JSON.parse(imported.stdout) as { id: string; status: string }[]).map((o) => {
        expect(o.status).toBe('done')
        return o.id
      })

      const db = openDataFolderDatabase(dataDir)
      try {
        const derived = new DerivedStore(db)
        const recordings = new RecordingStore(db)
        for (const id of ids) {
          const segments = recordings.segments(id)
          expect(segments.length).toBeGreaterThan(0)
          const { metrics, signals, summary } = derived.derived(id)
          // Random weights write random words: the text is unknowable, the shape and the timing
          // facts are not.
          expect(UploadMetrics.parse(metrics)).toEqual(metrics)
          expect(z.array(UploadSignal).parse(signals)).toEqual(signals)
          expect(StoredSummary.parse(summary)).toEqual(summary)
          const speakers = new Set(segments.map((s) => s.speaker ?? 'Unknown'))
          expect(new Set(Object.keys(metrics?.talkRatio ?? {}))).toEqual(speakers)
          const ratios = Object.values(metrics?.talkRatio ?? {})
          expect(ratios.reduce((sum, r) => sum + r, 0)).toBeCloseTo(1, 3)
          for (const signal of signals) {
            expect(segments.some((s) => s.idx === signal.segmentIdx)).toBe(true)
          }
        }
      } finally {
        db.close()
      }

      for (const id of ids) {
        const dry = await cli('upload', id, '--dry-run')
        expect(dry.code).toBe(0)
        const [{ body }] = JSON.parse(dry.stdout) as [{ body: string }]
        const upload = TranscriptUpload.parse(JSON.parse(body))
        expect(upload.metrics).not.toBeNull()
        expect(upload.summary).not.toBeNull()
        // The call-quality figures, measured on the import's one decode, go as numbers only.
        expect(upload.quality?.speechShare).toBeGreaterThan(0)
        expect(upload.quality).toHaveProperty('snrDb')
        const shown = await cli('show', id, '--format', 'json')
        const exported = JSON.parse(shown.stdout) as { quality: unknown; callDate: unknown }
        expect(CallQuality.parse(exported.quality).verdict).toMatch(
          /^(good|check-transcript|poor-audio)$/,
        )
        expect(typeof exported.callDate).toBe('string')
      }
      const listed = JSON.parse((await cli('list')).stdout) as { quality: unknown }[]
      for (const row of listed) expect(CallQuality.safeParse(row.quality).success).toBe(true)
    },
  )
})
