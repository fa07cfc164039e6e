import { UploadContactEmail } from '../../shared/upload'
import { CoreError } from '../CoreError'
import type { Db } from './openDatabase'

/**
 * The CRM contact of each recording (issue 12): the customer's email the user sets for a call
 * (`earshot contact`, `recordings.setContact`), sent as the upload's `contactEmail` so the team
 * server's HubSpot destination notes the call on them. Gone with its recording.
 */
export class RecordingContactStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Sets (or replaces) the recording's contact; an address zod does not take is refused. */
  set(recordingId: string, email: string): string {
    const parsed = UploadContactEmail.safeParse(email.trim())
    if (!parsed.success) {
      throw new CoreError('invalid-email', `${email.slice(0, 80)} is not an email address.`)
    }
    this.db
      .prepare(
        `INSERT INTO recording_contacts (recording_id, email, set_at) VALUES (?, ?, ?)
         ON CONFLICT (recording_id) DO UPDATE SET email = excluded.email, set_at = excluded.set_at`,
      )
      .run(recordingId, parsed.data, this.clock().toISOString())
    return parsed.data
  }

  /** Returns whether the recording had a contact. */
  clear(recordingId: string): boolean {
    return (
      this.db.prepare('DELETE FROM recording_contacts WHERE recording_id = ?').run(recordingId)
        .changes > 0
    )
  }

  get(recordingId: string): string | undefined {
    return this.db
      .prepare('SELECT email FROM recording_contacts WHERE recording_id = ?')
      .pluck()
      .get(recordingId) as string | undefined
  }
}
