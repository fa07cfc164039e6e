import { CallQuality } from '../../shared/quality'
import type { Db } from './openDatabase'

/**
 * Call-quality reports (migration 8), one per recording, replaced when the recording is
 * transcribed again. Read back through the schema: a row that no longer parses reads as "not
 * measured" rather than as wrong numbers.
 */
export class QualityStore {
  constructor(private readonly db: Db) {}

  save(recordingId: string, quality: CallQuality): void {
    this.db
      .prepare('INSERT OR REPLACE INTO call_quality (recording_id, json) VALUES (?, ?)')
      .run(recordingId, JSON.stringify(CallQuality.parse(quality)))
  }

  /** The report, or null when this recording was never measured. */
  get(recordingId: string): CallQuality | null {
    const json = this.db
      .prepare('SELECT json FROM call_quality WHERE recording_id = ?')
      .pluck()
      .get(recordingId) as string | undefined
    if (json === undefined) return null
    const parsed = CallQuality.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  }

  /** Every report, by recording id (the Library list reads them at once). */
  all(): Map<string, CallQuality> {
    const rows = this.db.prepare('SELECT recording_id AS id, json FROM call_quality').all() as {
      id: string
      json: string
    }[]
    const reports = new Map<string, CallQuality>()
    for (const row of rows) {
      const parsed = CallQuality.safeParse(JSON.parse(row.json))
      if (parsed.success) reports.set(row.id, parsed.data)
    }
    return reports
  }
}
