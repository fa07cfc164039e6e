import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { generateWebhookSecret } from '../../src/backend/delivery/generateWebhookSecret'
import { openDeliveryStore } from '../../src/backend/delivery/openDeliveryStore'
import { openTeamStore } from '../../src/backend/store/openTeamStore'
import { addTeamMember } from '../../src/backend/teamMembers'
import type { TranscriptUpload } from '../../src/shared/upload'
import { repoRoot } from './paths'
import { loadCapacityCorpus } from './uploadWorld'
import { countWebhookDeliveries, type WebhookTally } from './webhookTally'

export interface TeamLoadOptions {
  /** A SQLite file or a postgres:// URL, empty (a fresh database). */
  db: string
  laptops: number
  uploadsPerLaptop: number
  /** After this many receipts the server is killed with SIGKILL and started again. */
  killAfter: number
  /** The server processes' data folder (their delivery audit log when the database is PostgreSQL). */
  dataDir: string
}

export interface TeamLoadResult {
  uploads: number
  /** Receipts every laptop got, distinct (recording, payload) pairs the server holds. */
  received: number
  stored: number
  lost: number
  duplicated: number
  /** Attempts that failed (connection refused or reset while the server was down) and were retried. */
  retries: number
  p50Ms: number
  p95Ms: number
  uploadsPerSecond: number
  wallMs: number
  /** The webhook receiver's count, per event id, across the kill (every delivery verified). */
  webhooks: WebhookTally
  /** From the last receipt until the receiver had every event. */
  deliveryDrainMs: number
}

/**
 * A delivery attempt may take 5 s here (the machine is shared; an attempt that times out after the
 * receiver took it is delivered again), so an attempt the kill cut off is retried 20 s later.
 */
const DELIVERY_TIMEOUT_S = 5
const DRAIN_TIMEOUT_MS = 90_000

const cliEntry = join(repoRoot, 'src', 'cli', 'main.ts')

/** `earshot backend` as its own process (the CLI's tripwire, its database allowance); resolves to its URL. */
async function startServer(
  db: string,
  port: number,
  dataDir: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cliEntry,
      'backend',
      '--db',
      db,
      '--port',
      String(port),
      '--delivery-timeout',
      String(DELIVERY_TIMEOUT_S),
      '--json',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, EARSHOT_BACKEND_TOKEN: '', EARSHOT_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = once(child, 'close').then(() => {
    throw new Error(`The backend exited before listening: ${stderr.trim()}`)
  })
  const line = once(child.stdout, 'data').then(
    ([chunk]) => JSON.parse((chunk as Buffer).toString('utf8')) as { url: string },
  )
  const { url } = await Promise.race([line, exited])
  return { child, url }
}

function payloadFor(index: number, installId: string): TranscriptUpload {
  const corpus = loadCapacityCorpus()
  const transcript = corpus[index % corpus.length]
  if (transcript === undefined) throw new Error('The capacity corpus is empty.')
  return {
    schemaVersion: 1,
    recordingId: randomUUID(),
    durationMs: transcript.durationMs,
    language: transcript.language,
    createdAt: new Date(Date.UTC(2026, 10, 1 + (index % 28), 10)).toISOString(),
    segments: transcript.segments.map(({ startMs, endMs, speaker, text }) => ({
      startMs,
      endMs,
      speaker,
      text,
    })),
    summary: null,
    // One signal quoting the first segment, so every upload is two events (upload.received and the
    // signal.found delivery derives from it), both with ids that must survive a client's retry.
    signals: transcript.segments.slice(0, 1).map((segment) => {
      const phrase = Array.from(segment.text).slice(0, 4).join('')
      return {
        tracker: phrase,
        phrase,
        quote: segment.text,
        speaker: segment.speaker,
        startMs: segment.startMs,
        segmentIdx: 0,
      }
    }),
    metrics: null,
    client: { appVersion: '0.1.0', installId },
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/**
 * The team server under a whole team at once (issue 12): every laptop a member with its own token,
 * uploading one transcript after another with one Idempotency-Key each, retrying until it has a
 * receipt, while the server process is SIGKILLed midway and started again on the same port. A
 * Standard Webhooks receiver on loopback verifies and counts every delivery per event id. Then the
 * database is read: every receipt's transcript there once, nothing twice.
 */
export async function runTeamLoad(options: TeamLoadOptions): Promise<TeamLoadResult> {
  const setup = await openTeamStore(options.db)
  const tokens: string[] = []
  for (let i = 0; i < options.laptops; i++) {
    tokens.push((await addTeamMember(setup, `laptop-${i}`, 'member')).token)
  }
  await setup.close()
  const secret = generateWebhookSecret()
  const webhooks = await countWebhookDeliveries(secret)
  try {
    return await loadWithReceiver(options, tokens, secret, webhooks)
  } finally {
    await webhooks.close()
  }
}

async function loadWithReceiver(
  options: TeamLoadOptions,
  tokens: string[],
  secret: string,
  webhooks: Awaited<ReturnType<typeof countWebhookDeliveries>>,
): Promise<TeamLoadResult> {
  const outbox = await openDeliveryStore(options.db)
  try {
    await outbox.addDestination(
      {
        kind: 'webhook',
        url: webhooks.url,
        secret,
        events: ['upload.received', 'signal.found', 'upload.deleted'],
      },
      new Date().toISOString(),
    )
  } finally {
    await outbox.close()
  }

  let server = await startServer(options.db, 0, options.dataDir)
  const port = Number(new URL(server.url).port)
  const base = server.url
  let receipts = 0
  let retries = 0
  const pending: { restart: Promise<void> | null } = { restart: null }
  const latencies: number[] = []
  const sent: {
    recordingId: string
    payloadSha256: string
    segments: number
    signals: number
  }[] = []

  const restart = async () => {
    server.child.kill('SIGKILL')
    await once(server.child, 'close')
    // Whatever reaches the receiver from now on was sent by the restarted process.
    webhooks.nextGeneration()
    server = await startServer(options.db, port, options.dataDir)
  }

  const laptop = async (token: string, laptopIndex: number) => {
    const installId = randomUUID()
    for (let n = 0; n < options.uploadsPerLaptop; n++) {
      const payload = payloadFor(laptopIndex * options.uploadsPerLaptop + n, installId)
      const body = JSON.stringify(payload)
      const key = randomUUID()
      for (let attempt = 0; ; attempt++) {
        if (pending.restart !== null) await pending.restart
        const started = performance.now()
        try {
          const response = await fetch(`${base}/v1/transcripts`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': key,
            },
            body,
          })
          const answer = (await response.json()) as { payloadSha256?: string; error?: unknown }
          if (response.status === 201 && answer.payloadSha256 !== undefined) {
            latencies.push(performance.now() - started)
            sent.push({
              recordingId: payload.recordingId,
              payloadSha256: answer.payloadSha256,
              segments: payload.segments.length,
              signals: payload.signals.length,
            })
            receipts++
            if (receipts === options.killAfter)
              pending.restart = restart().finally(() => (pending.restart = null))
            break
          }
          if (response.status < 500) {
            throw new Error(
              `Upload refused with ${response.status}: ${JSON.stringify(answer.error)}`,
            )
          }
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('Upload refused')) throw error
        }
        retries++
        if (attempt > 200) throw new Error('An upload found no server for 200 attempts.')
        await sleep(20 + Math.random() * 80)
      }
    }
  }

  const started = performance.now()
  try {
    await Promise.all(tokens.map((token, i) => laptop(token, i)))
  } finally {
    if (pending.restart !== null) await pending.restart
  }
  const wallMs = performance.now() - started
  // Every receipt's events: upload.received and one signal.found per signal.
  const expected = new Map(sent.map((s) => [s.recordingId, 1 + s.signals]))
  const drainStarted = performance.now()
  try {
    await webhooks.waitForAll(expected, DRAIN_TIMEOUT_MS)
    // A little longer: a delivery sent twice would arrive now.
    await sleep(DELIVERY_TIMEOUT_S * 1000)
  } finally {
    server.child.kill('SIGTERM')
    await once(server.child, 'close')
  }
  const deliveryDrainMs = performance.now() - drainStarted - DELIVERY_TIMEOUT_S * 1000

  const store = await openTeamStore(options.db)
  try {
    let stored = 0
    let lost = 0
    let doubledIndex = 0
    for (const { recordingId, payloadSha256, segments, signals } of sent) {
      if (await store.holds(recordingId, payloadSha256)) stored++
      else lost++
      // Indexed twice would show as more rows than the upload had segments.
      if ((await store.derivedRows(recordingId)) !== segments + signals) doubledIndex++
    }
    const expectedRows = sent.length
    const count = await store.count()
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      uploads: options.laptops * options.uploadsPerLaptop,
      received: receipts,
      stored,
      lost: lost + (options.laptops * options.uploadsPerLaptop - receipts),
      duplicated: count - expectedRows + doubledIndex,
      retries,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      uploadsPerSecond: (receipts / wallMs) * 1000,
      wallMs,
      webhooks: webhooks.tally(expected),
      deliveryDrainMs,
    }
  } finally {
    await store.close()
  }
}
