import { createHash, randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { Zip, ZipDeflate } from 'fflate'
import type { Core } from '../app'
import { packStats } from '../derive/speakers/voiceEmbedding'
import { APP_VERSION } from '../sync/appVersion'

export const EXPORT_FORMAT = 'earshot-data-export'
export const EXPORT_VERSION = 1

export interface ExportedFile {
  path: string
  bytes: number
  sha256: string
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  createdAt: string
  appVersion: string
  counts: {
    recordings: number
    segments: number
    signals: number
    metrics: number
    summaries: number
    uploads: number
    deletions: number
    auditEntries: number
  }
  files: ExportedFile[]
}

const CHUNK = 1 << 20

/**
 * `earshot export --all` (GDPR Art. 20 style): everything Earshot holds about the user, in one zip —
 * recording metadata (never media: a path and a hash are all Earshot ever had), one transcript and
 * one derived-data file per recording (with its speakers' voice features), settings (no secrets:
 * the token is never a setting), the user's voice profile (`voice-profile.json`), the
 * install id, upload receipts with the exact payloads sent, deletion receipts, and the audit log as
 * its own self-verifying JSON Lines export. `manifest.json`, written last, lists each file's size
 * and SHA-256 and the counts.
 *
 * Built to stream: one recording at a time goes through a deflate stream straight to disk, and
 * the audit export is copied through in 1 MB chunks, so memory stays flat however big the library.
 * Written to a temporary name and renamed, so FILE is never a half archive.
 */
export function exportAllData(
  core: Pick<Core, 'db' | 'recordings' | 'derived' | 'settings' | 'audit' | 'deletion' | 'voices'>,
  outPath: string,
  clock: () => Date = () => new Date(),
): ExportManifest {
  mkdirSync(dirname(outPath), { recursive: true })
  const partial = `${outPath}.${randomUUID()}.partial`
  const auditTemp = `${partial}.audit.jsonl`
  const fd = openSync(partial, 'w')
  const files: ExportedFile[] = []
  const zip = new Zip((error, chunk) => {
    if (error) throw error
    writeSync(fd, chunk)
  })
  /** Adds one file fed by `write(chunk)` calls; returns after it is fully in the archive. */
  const addFile = (path: string, feed: (write: (chunk: Uint8Array) => void) => void) => {
    const entry = new ZipDeflate(path, { level: 6 })
    zip.add(entry)
    const hash = createHash('sha256')
    let bytes = 0
    feed((chunk) => {
      hash.update(chunk)
      bytes += chunk.byteLength
      entry.push(chunk)
    })
    entry.push(new Uint8Array(0), true)
    files.push({ path, bytes, sha256: hash.digest('hex') })
  }
  const addJson = (path: string, value: unknown) => {
    addFile(path, (write) => {
      write(Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8'))
    })
  }

  try {
    const recordings = core.recordings.list()
    const counts = {
      recordings: recordings.length,
      segments: 0,
      signals: 0,
      metrics: 0,
      summaries: 0,
    }
    addJson('recordings.json', recordings)
    for (const recording of recordings) {
      const segments = core.recordings.segments(recording.id)
      const derived = core.derived.derived(recording.id)
      const energy = core.recordings.channelEnergy(recording.id)
      counts.segments += segments.length
      counts.signals += derived.signals.length
      counts.metrics += derived.metrics === null ? 0 : 1
      counts.summaries += derived.summary === null ? 0 : 1
      addJson(`transcripts/${recording.id}.json`, { recordingId: recording.id, segments })
      addJson(`derived/${recording.id}.json`, {
        recordingId: recording.id,
        ...derived,
        speakerNames: core.derived.speakerNames(recording.id),
        speakerVoices: core.voices.speakerVoices(recording.id).map(({ label, stats }) => ({
          label,
          dims: stats.dims,
          stats: packStats(stats),
        })),
        revertedRedactions: [...core.derived.revertedRedactions(recording.id)],
        channelEnergy:
          energy === undefined
            ? null
            : { frameMs: energy.frameMs, channels: energy.channels, rms: Array.from(energy.rms) },
      })
    }
    addJson('settings.json', core.settings.all())
    // The user's voice profile, features and all: theirs to take, as everything else here.
    const profile = core.voices.profile()
    addJson(
      'voice-profile.json',
      profile === null
        ? null
        : {
            sourceRecordingId: profile.sourceRecordingId,
            sourceLabel: profile.sourceLabel,
            createdAt: profile.createdAt,
            dims: profile.stats.dims,
            stats: packStats(profile.stats),
          },
    )
    addJson(
      'installation.json',
      Object.fromEntries(
        (
          core.db.prepare('SELECT key, value FROM meta ORDER BY key').all() as {
            key: string
            value: string
          }[]
        ).map((row) => [row.key, row.value]),
      ),
    )
    const uploads = uploadRows(core)
    addJson('uploads.json', uploads)
    const deletions = core.deletion.records.list()
    addJson('deletions.json', deletions)

    const audit = core.audit.exportJsonl(auditTemp)
    addFile('audit-log.jsonl', (write) => {
      copyFile(auditTemp, write)
    })

    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      createdAt: clock().toISOString(),
      appVersion: APP_VERSION,
      counts: {
        ...counts,
        uploads: uploads.length,
        deletions: deletions.length,
        auditEntries: audit.entries,
      },
      files: [...files],
    }
    addJson('manifest.json', manifest)
    zip.end()
    closeSync(fd)
    renameSync(partial, outPath)
    return manifest
  } catch (error) {
    closeSync(fd)
    rmSync(partial, { force: true })
    throw error
  } finally {
    rmSync(auditTemp, { force: true })
  }
}

/** The upload queue as the user's record: receipts, and the exact JSON that was (to be) sent. */
function uploadRows(core: Pick<Core, 'db'>): Record<string, unknown>[] {
  const rows = core.db
    .prepare(
      `SELECT recording_id AS recordingId, idempotency_key AS idempotencyKey, state, attempts,
         payload_sha256 AS payloadSha256, receipt, last_error AS lastError,
         created_at AS createdAt, finished_at AS finishedAt, payload
       FROM uploads ORDER BY id`,
    )
    .all() as ({ receipt: string | null; lastError: string | null; payload: Buffer } & Record<
    string,
    unknown
  >)[]
  return rows.map(({ receipt, lastError, payload, ...row }) => ({
    ...row,
    receipt: receipt === null ? null : (JSON.parse(receipt) as unknown),
    lastError: lastError === null ? null : (JSON.parse(lastError) as unknown),
    payload: JSON.parse(Buffer.from(payload).toString('utf8')) as unknown,
  }))
}

function copyFile(path: string, write: (chunk: Uint8Array) => void): void {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(CHUNK)
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null)
      if (read === 0) break
      write(Uint8Array.prototype.slice.call(buffer, 0, read))
    }
  } finally {
    closeSync(fd)
  }
}
