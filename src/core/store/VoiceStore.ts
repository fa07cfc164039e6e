import { z } from 'zod'
import { GaussianStats } from '../derive/speakers/GaussianStats'
import { packStats, unpackStats } from '../derive/speakers/voiceEmbedding'
import type { Db } from './openDatabase'

/** Pooled stats as stored: [count, sum…, sumSquares…] for `dims` coefficients. */
const StoredStats = z.object({
  dims: z.number().int().positive().max(64),
  stats: z.array(z.number()),
})

export interface VoiceProfile {
  stats: GaussianStats
  /** The recording and speaker label the user marked (the recording may since be deleted). */
  sourceRecordingId: string
  sourceLabel: string
  createdAt: string
}

interface ProfileRow {
  dims: number
  stats: string
  sourceRecordingId: string
  sourceLabel: string
  createdAt: string
}

/**
 * Voice features (migration 8): each recording's speakers' pooled MFCC statistics, and the user's
 * own voice profile. What comes out is parsed with the schema that checked it going in.
 */
export class VoiceStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Replaces the recording's speaker voices (a rerun of its job stores them again). */
  saveSpeakerVoices(
    recordingId: string,
    voices: readonly { label: string; stats: GaussianStats }[],
  ) {
    const insert = this.db.prepare(
      'INSERT INTO speaker_voices (recording_id, label, dims, stats) VALUES (?, ?, ?, ?)',
    )
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM speaker_voices WHERE recording_id = ?').run(recordingId)
      for (const { label, stats } of voices) {
        insert.run(recordingId, label, stats.dims, JSON.stringify(packStats(stats)))
      }
    })()
  }

  speakerVoices(recordingId: string): { label: string; stats: GaussianStats }[] {
    const rows = this.db
      .prepare(
        'SELECT label, dims, stats FROM speaker_voices WHERE recording_id = ? ORDER BY label',
      )
      .all(recordingId) as { label: string; dims: number; stats: string }[]
    return rows.map((row) => ({ label: row.label, stats: parseStats(row.dims, row.stats) }))
  }

  speakerVoice(recordingId: string, label: string): GaussianStats | null {
    return this.speakerVoices(recordingId).find((v) => v.label === label)?.stats ?? null
  }

  /** Two labels became one person: `from`'s voice is added to `into`'s (statistics add exactly). */
  mergeSpeakerVoices(recordingId: string, from: string, into: string): void {
    const voices = this.speakerVoices(recordingId)
    const source = voices.find((v) => v.label === from)
    if (!source) return
    const target = voices.find((v) => v.label === into)
    const merged = target ? target.stats.merged(source.stats) : source.stats
    this.saveSpeakerVoices(recordingId, [
      ...voices.filter((v) => v.label !== from && v.label !== into),
      { label: into, stats: merged },
    ])
  }

  setProfile(stats: GaussianStats, source: { recordingId: string; label: string }): VoiceProfile {
    const createdAt = this.clock().toISOString()
    this.db
      .prepare(
        `INSERT INTO voice_profile (id, dims, stats, source_recording_id, source_label, created_at)
         VALUES (1, @dims, @stats, @recordingId, @label, @createdAt)
         ON CONFLICT (id) DO UPDATE SET dims = excluded.dims, stats = excluded.stats,
           source_recording_id = excluded.source_recording_id,
           source_label = excluded.source_label, created_at = excluded.created_at`,
      )
      .run({
        dims: stats.dims,
        stats: JSON.stringify(packStats(stats)),
        recordingId: source.recordingId,
        label: source.label,
        createdAt,
      })
    return { stats, sourceRecordingId: source.recordingId, sourceLabel: source.label, createdAt }
  }

  profile(): VoiceProfile | null {
    const row = this.db
      .prepare(
        `SELECT dims, stats, source_recording_id AS sourceRecordingId,
           source_label AS sourceLabel, created_at AS createdAt
         FROM voice_profile WHERE id = 1`,
      )
      .get() as ProfileRow | undefined
    if (row === undefined) return null
    return {
      stats: parseStats(row.dims, row.stats),
      sourceRecordingId: row.sourceRecordingId,
      sourceLabel: row.sourceLabel,
      createdAt: row.createdAt,
    }
  }

  /** Returns whether there was a profile to forget. */
  forgetProfile(): boolean {
    return this.db.prepare('DELETE FROM voice_profile').run().changes > 0
  }
}

function parseStats(dims: number, json: string): GaussianStats {
  const parsed = StoredStats.parse({ dims, stats: JSON.parse(json) as unknown })
  if (parsed.stats.length !== GaussianStats.packedSize(parsed.dims)) {
    throw new Error('stored voice features have the wrong length')
  }
  return unpackStats(parsed.dims, parsed.stats)
}
