import type { Db } from './openDatabase'

/**
 * Recordings the user marked shareable with LLM clients (`earshot share`): what `earshot mcp` may
 * show when `mcp.scope` is 'shareable'. A mark goes with its recording (ON DELETE CASCADE).
 */
export class ShareableStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Marks one recording; marking it again keeps the first time. */
  mark(recordingId: string): void {
    this.db
      .prepare(
        'INSERT INTO shareable_recordings (recording_id, marked_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
      )
      .run(recordingId, this.clock().toISOString())
  }

  /** Returns whether the recording was marked. */
  unmark(recordingId: string): boolean {
    return (
      this.db.prepare('DELETE FROM shareable_recordings WHERE recording_id = ?').run(recordingId)
        .changes > 0
    )
  }

  ids(): Set<string> {
    const rows = this.db
      .prepare('SELECT recording_id FROM shareable_recordings')
      .pluck()
      .all() as string[]
    return new Set(rows)
  }
}
