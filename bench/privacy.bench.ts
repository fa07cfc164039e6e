// Cost of privacy, as ratios and rates measured in one run:
//   upload of 1,000 transcripts through gate + audit + queue vs a bare HTTP POST loop to the same
//     reference backend (target ≤ 1.3);
//   audit append rate (entries/s, each durable: WAL fsync + head file; and group-committed, 16 per
//     transaction, as uploads write their attempts) and verify time for a
//     100,000-entry log (target < 1 s);
//   body policy scan throughput (MB/s) on a 1 MB transcript (inspectBody, the gate's check);
//   the capacity bound (bit/s of audio), false refusals on the five-language corpus, and what
//   random encodings planted within the budget got through (capacityFigures).
// Run: npm run bench:privacy   → prints a table and writes bench/results/privacy.json
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { ReferenceBackend } from '../src/backend/ReferenceBackend'
import { Core } from '../src/core/app'
import { EgressGate } from '../src/core/egress/EgressGate'
import { RecordingStore } from '../src/core/store/RecordingStore'
import { SettingsStore } from '../src/core/store/SettingsStore'
import { SyncService } from '../src/core/sync/SyncService'
import { CapacityLedgerStore } from '../src/core/store/CapacityLedgerStore'
import { capacityFigures } from './support/capacityFigures'
import { AuditLog } from '../src/core/audit/AuditLog'
import { auditColumns } from '../src/core/audit/auditSchema'
import { writeHeadFile } from '../src/core/audit/headFile'
import { SEAL_KEY_NAME, sealHead } from '../src/core/audit/headSeal'
import { FileKeyStore } from '../src/core/keys/FileKeyStore'
import { inspectBody } from '../src/core/egress/policy/inspectBody'
import { encodeUpload } from '../src/core/sync/encodeUpload'
import type { TranscriptUpload } from '../src/shared/upload'
import { repoRoot } from '../test/support/paths'
import { seededRandom } from '../test/unit/audit/support/seededRandom'
import { nextEntry } from '../test/unit/audit/support/buildChain'
import { seedDataDir } from '../test/integration/sync/support/seedDataDir'
import { openDataFolderDatabase } from '../test/support/openDataFolderDatabase'

const UPLOADS = 1_000
const WARMUP = 50
const APPENDS = 2_000
const VERIFY_ENTRIES = 100_000
const SCAN_BYTES = 1_000_000
const TOKEN = 'bench-token-0123456789abcdef'

const work = mkdtempSync(join(tmpdir(), 'earshot-privacy-bench-'))
const seconds = (since: number) => (performance.now() - since) / 1000
/** CPU seconds (user + system) this process used since `since`: the machine is shared, wall time is not enough. */
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}
/** One timed loop: wall and CPU seconds. The backend runs in this process, so its CPU counts too. */
interface Timed {
  wall: number
  cpu: number
}

async function startBackend(name: string) {
  const backend = new ReferenceBackend({ token: TOKEN, dbPath: join(work, name, 'backend.db') })
  return { backend, url: await backend.listen() }
}

/** The same payloads Earshot would send, POSTed one after another with plain fetch. */
async function bareLoop(): Promise<Timed> {
  const { backend, url } = await startBackend('bare')
  const payloads = Array.from({ length: UPLOADS + WARMUP }, (_, i) => encodeUpload(sampleUpload(i)))
  const post = async (body: Uint8Array) => {
    const response = await fetch(`${url}/v1/transcripts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body,
    })
    if (response.status !== 201) throw new Error(`bare POST answered ${response.status}`)
    await response.arrayBuffer()
  }
  for (const body of payloads.slice(0, WARMUP)) await post(body)
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (const body of payloads.slice(WARMUP)) await post(body)
  const elapsed = { wall: seconds(start), cpu: cpuSeconds(cpu) }
  await backend.close()
  return elapsed
}

/** `earshot upload` in-process: build, queue, gate (policy scan, audit first), receipts. */
async function gatedLoop(): Promise<Timed> {
  const { backend, url } = await startBackend('gated')
  const dataDir = join(work, 'gated-data')
  const ids = seedDataDir(dataDir, url, UPLOADS + WARMUP)
  const core = new Core({ dataDir, env: { EARSHOT_BACKEND_TOKEN: TOKEN } })
  try {
    // The seeded recordings skipped import, which makes each one's audit payload key (Importer
    // prepareForUpload); made here as import would have, outside the timed loop (keyCreationRate).
    core.audit.preparePayloadKeys(ids)
    await core.sync.upload(ids.slice(0, WARMUP))
    const cpu = process.cpuUsage()
    const start = performance.now()
    const results = await core.sync.upload(ids.slice(WARMUP))
    const elapsed = { wall: seconds(start), cpu: cpuSeconds(cpu) }
    if (results.some((r) => r.state !== 'done')) throw new Error('a gated upload failed')
    return elapsed
  } finally {
    await core.dispose()
    await backend.close()
  }
}

/**
 * The same upload path with the audit entries kept in memory instead of made durable: splits the
 * gated cost into gate + queue (this) and the audit log's fsyncs (the rest).
 */
async function gatedLoopMemoryAudit(): Promise<Timed> {
  const { backend, url } = await startBackend('gated-memory')
  const dataDir = join(work, 'gated-memory-data')
  const ids = seedDataDir(dataDir, url, UPLOADS + WARMUP)
  const db = openDataFolderDatabase(dataDir)
  const entries: unknown[] = []
  const gate = new EgressGate({
    clock: () => new Date(),
    auditSink: { append: (entry) => void entries.push(entry) },
    backend: { url, token: TOKEN },
    capacity: new CapacityLedgerStore(db),
  })
  const sync = new SyncService({
    db,
    recordings: new RecordingStore(db),
    settings: new SettingsStore(db),
    gate,
    token: TOKEN,
    appVersion: '0.1.0',
  })
  try {
    await sync.upload(ids.slice(0, WARMUP))
    const cpu = process.cpuUsage()
    const start = performance.now()
    const results = await sync.upload(ids.slice(WARMUP))
    const elapsed = { wall: seconds(start), cpu: cpuSeconds(cpu) }
    if (results.some((r) => r.state !== 'done')) throw new Error('a gated upload failed')
    return elapsed
  } finally {
    await gate.close()
    db.close()
    await backend.close()
  }
}

function sampleUpload(i: number): TranscriptUpload {
  return {
    schemaVersion: 1,
    recordingId: randomUUID(),
    durationMs: 6000,
    language: 'en',
    createdAt: '2026-11-20T10:00:00.000Z',
    segments: [
      { startMs: 0, endMs: 1800, text: `Call ${i}: thanks for calling support.`, confidence: 0.9 },
      {
        startMs: 2000,
        endMs: 3800,
        text: `Call ${i}: I want to cancel my order.`,
        confidence: 0.9,
      },
    ],
    summary: null,
    signals: [],
    metrics: null,
    client: { appVersion: '0.1.0', installId: randomUUID() },
  }
}

function appendRate(): number {
  const dir = join(work, 'append')
  const log = AuditLog.open(join(dir, 'audit.db'))
  const payload = encodeUpload(sampleUpload(0))
  const start = performance.now()
  for (let i = 0; i < APPENDS; i++) {
    log.append({
      kind: i % 2 === 0 ? 'attempt' : 'outcome',
      purpose: 'upload',
      destination: 'http://127.0.0.1:8787/v1/transcripts',
      method: 'POST',
      payload,
      status: i % 2 === 0 ? null : 201,
      reason: null,
    })
  }
  const rate = APPENDS / seconds(start)
  log.close()
  return rate
}

/** The same entries group-committed as the upload queue writes attempts: 16 per transaction. */
function batchedAppendRate(): number {
  const dir = join(work, 'append-batched')
  const log = AuditLog.open(join(dir, 'audit.db'))
  const payload = encodeUpload(sampleUpload(0))
  const start = performance.now()
  for (let i = 0; i < APPENDS; i += 16) {
    log.appendAll(
      Array.from({ length: 16 }, () => ({
        kind: 'attempt' as const,
        purpose: 'upload' as const,
        destination: 'http://127.0.0.1:8787/v1/transcripts',
        method: 'POST',
        payload,
        status: null,
        reason: null,
      })),
    )
  }
  const rate = APPENDS / seconds(start)
  log.close()
  return rate
}

/**
 * Payload keys made durably one at a time, as import makes each new recording's (one key file,
 * fsynced, and the folder synced): the cost taken off the upload path and put on import.
 */
function keyCreationRate(): number {
  const keys = new FileKeyStore({ dir: join(work, 'key-creation') })
  const count = 200
  const start = performance.now()
  for (let i = 0; i < count; i++) keys.getOrCreate(`audit-payload-${randomUUID()}`)
  return count / seconds(start)
}

/** A valid 100,000-entry log written in one transaction (appending each durably would take minutes). */
function verifyTime(): { seconds: number; cpuSeconds: number; entries: number } {
  const dir = join(work, 'verify')
  AuditLog.open(join(dir, 'audit.db')).close()
  const db = new Database(join(dir, 'audit.db'))
  const insert = db.prepare(
    `INSERT INTO audit_log (${auditColumns}) VALUES (${auditColumns
      .split(',')
      .map(() => '?')
      .join(', ')})`,
  )
  const random = seededRandom(7)
  let last = null as ReturnType<typeof nextEntry> | null
  db.transaction(() => {
    for (let i = 0; i < VERIFY_ENTRIES; i++) {
      const entry = nextEntry(last, random)
      insert.run(
        entry.seq, entry.ts, entry.kind, entry.purpose, entry.destination, entry.method,
        entry.bytes, entry.payload_sha256, entry.payload, entry.status, entry.reason,
        entry.prev_hash, entry.hash,
      ) // prettier-ignore
      last = entry
    }
  })()
  db.close()
  // The head as AuditLog writes it: sealed with the installation's key (docs/audit-format.md §5).
  const sealKey = new FileKeyStore({ dir: join(dir, 'keys') }).getOrCreate(SEAL_KEY_NAME)
  if (last) {
    writeHeadFile(join(dir, 'audit.head'), {
      seq: last.seq,
      hash: last.hash,
      seal: sealHead(sealKey, last),
    })
  }
  const log = AuditLog.open(join(dir, 'audit.db'))
  const cpu = process.cpuUsage()
  const start = performance.now()
  const report = log.verify()
  const elapsed = seconds(start)
  const cpuUsed = cpuSeconds(cpu)
  log.close()
  if (!report.ok) throw new Error(`verify failed: ${report.reason}`)
  return { seconds: elapsed, cpuSeconds: cpuUsed, entries: report.entries }
}

/** A long call's transcript: ~1 MB of ordinary sentences in short segments. */
function scanThroughput(): { mbPerSecond: number; bytes: number } {
  const words =
    'yes so the renewal is due in march and we would like to discuss pricing for the next year'.split(
      ' ',
    )
  const random = seededRandom(3)
  const segments: TranscriptUpload['segments'] = []
  let body: Uint8Array = new Uint8Array()
  for (let i = 0; body.byteLength < SCAN_BYTES; i++) {
    for (let j = 0; j < 200; j++, i++) {
      const text = Array.from({ length: 12 }, () => random.pick(words)).join(' ')
      segments.push({ startMs: i * 3000, endMs: i * 3000 + 2800, text, speaker: `S${i % 2}` })
    }
    body = encodeUpload({ ...sampleUpload(0), durationMs: segments.length * 3000, segments })
  }
  if (!inspectBody(body).ok) throw new Error('the scan refused a plain transcript')
  const runs = 5
  const start = performance.now()
  for (let i = 0; i < runs; i++) inspectBody(body)
  return { mbPerSecond: (body.byteLength * runs) / 1e6 / seconds(start), bytes: body.byteLength }
}

try {
  // Alternating order across two rounds, best of each: neither path always runs on a cold disk cache.
  const bare: Timed[] = []
  const gated: Timed[] = []
  for (let round = 0; round < 2; round++) {
    if (round === 0) {
      bare.push(await bareLoop())
      gated.push(await gatedLoop())
    } else {
      rmSync(join(work, 'gated-data'), { recursive: true, force: true })
      rmSync(join(work, 'gated'), { recursive: true, force: true })
      rmSync(join(work, 'bare'), { recursive: true, force: true })
      gated.push(await gatedLoop())
      bare.push(await bareLoop())
    }
  }
  const bareSeconds = Math.min(...bare.map((run) => run.wall))
  const gatedSeconds = Math.min(...gated.map((run) => run.wall))
  const bareCpu = Math.min(...bare.map((run) => run.cpu))
  const gatedCpu = Math.min(...gated.map((run) => run.cpu))
  const memoryAudit = await gatedLoopMemoryAudit()
  const memoryAuditSeconds = memoryAudit.wall
  const keysPerSecond = keyCreationRate()
  const appendsPerSecond = appendRate()
  const batchedAppendsPerSecond = batchedAppendRate()
  const verify = verifyTime()
  const scan = scanThroughput()
  const capacity = await capacityFigures()

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      // Other work on the machine moves fsync latency, and so every durable figure here.
      loadAverage1m: loadavg()[0],
    },
    input: {
      uploads: UPLOADS,
      appends: APPENDS,
      verifyEntries: verify.entries,
      scanBytes: scan.bytes,
    },
    seconds: {
      bareLoop: bareSeconds,
      gatedUpload: gatedSeconds,
      verify: verify.seconds,
      runs: { bare, gated },
    },
    cpuSeconds: {
      bareLoop: bareCpu,
      gatedUpload: gatedCpu,
      gatedAuditInMemory: memoryAudit.cpu,
      verify: verify.cpuSeconds,
    },
    rates: {
      bareUploadsPerSecond: UPLOADS / bareSeconds,
      gatedUploadsPerSecond: UPLOADS / gatedSeconds,
      auditAppendsPerSecond: appendsPerSecond,
      auditGroupCommittedAppendsPerSecond: batchedAppendsPerSecond,
      payloadKeysCreatedPerSecond: keysPerSecond,
      policyScanMBPerSecond: scan.mbPerSecond,
    },
    ratios: {
      gatedVsBare: gatedSeconds / bareSeconds,
      gatedAuditInMemoryVsBare: memoryAuditSeconds / bareSeconds,
      gatedVsBareCpu: gatedCpu / bareCpu,
    },
    capacity,
    targets: { gatedVsBare: 1.3, verifySeconds: 1, boundBitsPerSecond: 450, falseRefusalRate: 0 },
    met: { gatedVsBare: gatedSeconds / bareSeconds <= 1.3, verifySeconds: verify.seconds < 1 },
  }

  console.log(`privacy costs (best of 2 rounds; ${UPLOADS} uploads after ${WARMUP} warm-up)`)
  console.table({
    'bare POST loop': {
      value: `${bareSeconds.toFixed(2)} s`,
      cpu: `${bareCpu.toFixed(2)} s`,
      rate: `${results.rates.bareUploadsPerSecond.toFixed(0)} /s`,
    },
    'gate + audit + queue': {
      value: `${gatedSeconds.toFixed(2)} s`,
      cpu: `${gatedCpu.toFixed(2)} s`,
      rate: `${results.rates.gatedUploadsPerSecond.toFixed(0)} /s`,
    },
    'same, audit kept in memory': {
      value: `${memoryAuditSeconds.toFixed(2)} s`,
      cpu: `${memoryAudit.cpu.toFixed(2)} s`,
      rate: `${(UPLOADS / memoryAuditSeconds).toFixed(0)} /s`,
    },
    'audit append (durable)': { value: '', rate: `${appendsPerSecond.toFixed(0)} entries/s` },
    'same, 16 per transaction': {
      value: '',
      rate: `${batchedAppendsPerSecond.toFixed(0)} entries/s`,
    },
    'payload key made at import (durable)': {
      value: '',
      rate: `${keysPerSecond.toFixed(0)} keys/s`,
    },
    [`verify ${verify.entries} entries`]: {
      value: `${verify.seconds.toFixed(3)} s`,
      cpu: `${verify.cpuSeconds.toFixed(3)} s`,
      rate: '',
    },
    'policy scan, 1 MB transcript': { value: '', rate: `${scan.mbPerSecond.toFixed(1)} MB/s` },
  })
  console.log(
    `gated vs bare: ${results.ratios.gatedVsBare.toFixed(3)} (target ≤ 1.3; ` +
      `${results.ratios.gatedAuditInMemoryVsBare.toFixed(3)} with the audit in memory; ` +
      `${results.ratios.gatedVsBareCpu.toFixed(3)} in CPU time); ` +
      `verify: ${verify.seconds.toFixed(3)} s, ${verify.cpuSeconds.toFixed(3)} s CPU (target < 1 s)`,
  )
  const worstCall = Math.max(
    ...Object.values(capacity.chargedBitsPerSecond).map((c) => c.afterEdit),
  )
  console.log(
    `capacity bound: ${capacity.boundBitsPerSecond} bit/s of audio per recording, all uploads ` +
      `(target < 450, Codec2's lowest mode); false refusals: ${capacity.corpus.refused} of ` +
      `${capacity.corpus.uploads} uploads (${(capacity.corpus.falseRefusalRate * 100).toFixed(1)} %); ` +
      `ordinary calls charged at most ${worstCall.toFixed(0)} bit/s after an edit; random plants: ` +
      `${capacity.plants.passed} passed, carrying ${capacity.plants.carriedBitsPerSecondOfAudio.toFixed(1)} ` +
      `bit/s of audio on average, the worst recording ${(capacity.plants.worstRecordingVsBound * 100).toFixed(0)} % ` +
      `of its bound, ${capacity.plants.violations} over`,
  )
  const out = join(repoRoot, 'bench', 'results', 'privacy.json')
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
  console.log(`wrote ${out}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
