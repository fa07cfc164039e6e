import { z } from 'zod'
import type { Db } from './openDatabase'

export const JobOptions = z.object({
  modelPath: z.string(),
  language: z.string().default('auto'),
  threads: z.number().int().positive().nullable().default(null),
  initialPrompt: z.string().nullable().default(null),
})
export type JobOptions = z.infer<typeof JobOptions>

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface Job {
  id: number
  recordingId: string
  state: JobState
  options: JobOptions
  attempts: number
}

interface JobRow {
  id: number
  recordingId: string
  state: JobState
  options: string
  attempts: number
  ownerPid: number | null
  heartbeatAt: string | null
}

const jobColumns = `id, recording_id AS recordingId, state, options, attempts, owner_pid AS ownerPid,
  heartbeat_at AS heartbeatAt`

function toJob(row: JobRow): Job {
  return { ...row, options: JobOptions.parse(JSON.parse(row.options)) }
}

/**
 * The persistent transcription queue. Claiming is one UPDATE … RETURNING, so two Earshot processes
 * (the app and the CLI) sharing a database never run the same job.
 */
export class JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  enqueue(recordingId: string, options: JobOptions): number {
    const result = this.db
      .prepare(
        `INSERT INTO jobs (recording_id, state, options, created_at) VALUES (?, 'queued', ?, ?)`,
      )
      .run(recordingId, JSON.stringify(options), this.clock().toISOString())
    return Number(result.lastInsertRowid)
  }

  claimNext(ownerPid: number): Job | undefined {
    const row = this.db
      .prepare(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, owner_pid = ?, heartbeat_at = @now,
           started_at = @now
         WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1)
         RETURNING ${jobColumns}`,
      )
      .get(ownerPid, { now: this.clock().toISOString() }) as JobRow | undefined
    return row ? toJob(row) : undefined
  }

  heartbeat(jobId: number): void {
    this.db
      .prepare(`UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND state = 'running'`)
      .run(this.clock().toISOString(), jobId)
  }

  finish(
    jobId: number,
    state: Exclude<JobState, 'queued' | 'running'>,
    error: { code: string; message: string } | null = null,
  ): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, finished_at = ?, error_code = ?, error_message = ?, owner_pid = NULL
         WHERE id = ?`,
      )
      .run(state, this.clock().toISOString(), error?.code ?? null, error?.message ?? null, jobId)
  }

  get(jobId: number): Job | undefined {
    const row = this.db.prepare(`SELECT ${jobColumns} FROM jobs WHERE id = ?`).get(jobId) as
      JobRow | undefined
    return row ? toJob(row) : undefined
  }

  /** Jobs still queued or running for a recording (for cancel). */
  activeFor(recordingId: string): Job[] {
    return (
      this.db
        .prepare(
          `SELECT ${jobColumns} FROM jobs WHERE recording_id = ? AND state IN ('queued', 'running')`,
        )
        .all(recordingId) as JobRow[]
    ).map(toJob)
  }

  pendingCount(): number {
    return (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued','running')`)
        .get() as {
        n: number
      }
    ).n
  }

  /** Each queued recording's place in the queue, 1 for the next to run (claimNext's order). */
  queuePositions(): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT recording_id AS recordingId FROM jobs WHERE state = 'queued' ORDER BY id`)
      .all() as { recordingId: string }[]
    return new Map(rows.map((row, i) => [row.recordingId, i + 1]))
  }

  /** How long each recording's latest finished job ran, in ms (jobs from before started_at: none). */
  processingTimes(): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT recording_id AS recordingId, started_at AS startedAt, finished_at AS finishedAt
         FROM jobs WHERE state = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL
         ORDER BY id`,
      )
      .all() as { recordingId: string; startedAt: string; finishedAt: string }[]
    // Later jobs of a recording (a retry) overwrite earlier ones: the latest run counts.
    return new Map(
      rows.map((row) => [row.recordingId, Date.parse(row.finishedAt) - Date.parse(row.startedAt)]),
    )
  }

  /**
   * This machine's measured speed with one model: processing time over audio length of the
   * latest `limit` finished jobs that used `modelPath`, newest first (a rolling measure that
   * follows a new machine, model or setting within a few imports).
   */
  recentRealtimeFactors(modelPath: string, limit = 10): number[] {
    const rows = this.db
      .prepare(
        `SELECT j.started_at AS startedAt, j.finished_at AS finishedAt, r.duration_ms AS durationMs
         FROM jobs j JOIN recordings r ON r.id = j.recording_id
         WHERE j.state = 'done' AND j.started_at IS NOT NULL AND j.finished_at IS NOT NULL
           AND r.duration_ms > 0 AND json_extract(j.options, '$.modelPath') = ?
         ORDER BY j.id DESC LIMIT ?`,
      )
      .all(modelPath, limit) as { startedAt: string; finishedAt: string; durationMs: number }[]
    return rows.map(
      (row) => (Date.parse(row.finishedAt) - Date.parse(row.startedAt)) / row.durationMs,
    )
  }

  /**
   * Running jobs whose owner is gone: the process died (crash, kill -9, power loss) or stopped
   * beating. Their owner is checked with `isAlive`, and a stale heartbeat covers a reused pid.
   */
  orphans(isAlive: (pid: number) => boolean, staleAfterMs: number): Job[] {
    const now = this.clock().getTime()
    return (
      this.db.prepare(`SELECT ${jobColumns} FROM jobs WHERE state = 'running'`).all() as JobRow[]
    )
      .filter(
        (row) =>
          row.ownerPid === null ||
          !isAlive(row.ownerPid) ||
          row.heartbeatAt === null ||
          now - Date.parse(row.heartbeatAt) > staleAfterMs,
      )
      .map(toJob)
  }

  requeue(jobId: number): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', owner_pid = NULL, heartbeat_at = NULL WHERE id = ? AND state = 'running'`,
      )
      .run(jobId)
  }
}
