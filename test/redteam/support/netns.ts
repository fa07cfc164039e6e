import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface, type Interface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { repoRoot } from '../../support/paths'
import type { AttemptOutcome } from './netnsAttack'

/**
 * A red-team harness that runs attacks the way an independent review did: inside a private
 * network namespace this test creates (`unshare -n -m`; root here and in CI), against listeners on
 * a non-loopback address on that namespace's `lo` (198.18.0.0/15 is reserved for benchmarking,
 * RFC 2544; it exists only inside the namespace). The namespace also points /etc/resolv.conf at
 * that address, so DNS queries (`dns.lookup`, `dns.resolve*`) arrive at a counting listener on
 * UDP and TCP 53. Nothing can leave: the namespace has no route anywhere else.
 *
 * Each attack is a fresh Node process (tsx loader, so it can import TypeScript sources) that
 * receives `TARGET_HOST` in its environment; it should install the tripwire exactly as the entry
 * it imitates does (see `tripwireAsCli`), try its road, and print what happened.
 */
export interface NetnsOptions {
  /** Non-loopback address added to the namespace's `lo`. Default 198.18.0.1. */
  listen?: string
  /** TCP ports listened on at `listen`. Default 7000, 80, 443, 53. */
  tcpPorts?: number[]
  /** UDP ports listened on at `listen` (53 answers NXDOMAIN and counts queries). Default 7001, 53. */
  udpPorts?: number[]
  /** TCP ports listened on at 127.0.0.1, standing for a local SOCKS/HTTP proxy. Default 9050. */
  loopbackPorts?: number[]
}

export interface AttackOptions {
  /** Source of an ES module (TypeScript allowed), written to a temp file and run. */
  script: string
  /** Kill the attack after this long. Default 15 s. */
  timeoutMs?: number
  /** Wait this long after the attack exits for late packets. Default 150 ms. */
  settleMs?: number
  /** Keep connecting in from `listen` to this port while the attack runs (inbound listeners). */
  probePort?: number
}

export interface Arrivals {
  /** TCP connections accepted on `listen` (any listened port). */
  tcpConnections: number
  tcpBytes: number
  udpDatagrams: number
  udpBytes: number
  /** DNS questions received on UDP or TCP 53, and their names. */
  dnsQueries: number
  dnsNames: string[]
  /** Connections and bytes that reached the loopback "proxy" ports. */
  loopbackConnections: number
  loopbackBytes: number
  /** Bytes the attack's own server sent to the inbound probe. */
  inboundBytes: number
}

export interface AttackResult {
  arrivals: Arrivals
  stdout: string
  stderr: string
  exitCode: number | null
}

export interface Netns {
  readonly listen: string
  run(attack: AttackOptions): Promise<AttackResult>
  close(): Promise<void>
}

const tsxUrl = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** A file: URL for a repository path, to import from an attack script. */
export function repoUrl(path: string): string {
  return pathToFileURL(resolve(repoRoot, path)).href
}

/** Total of everything that arrived anywhere, for "zero arrivals" assertions. */
export function totalArrivals(arrivals: Arrivals): number {
  return (
    arrivals.tcpConnections +
    arrivals.tcpBytes +
    arrivals.udpDatagrams +
    arrivals.udpBytes +
    arrivals.dnsQueries +
    arrivals.loopbackConnections +
    arrivals.loopbackBytes +
    arrivals.inboundBytes
  )
}

/** One namespace with its listeners; run any number of attacks in it, one at a time. */
export async function startNetns(options: NetnsOptions = {}): Promise<Netns> {
  const listen = options.listen ?? '198.18.0.1'
  const workDir = mkdtempSync(join(tmpdir(), 'earshot-netns-'))
  const config = {
    listen,
    tcpPorts: options.tcpPorts ?? [7000, 80, 443, 53],
    udpPorts: options.udpPorts ?? [7001, 53],
    loopbackPorts: options.loopbackPorts ?? [9050],
    workDir,
    tsx: tsxUrl,
  }
  const child: ChildProcessWithoutNullStreams = spawn(
    'unshare',
    [
      '--net',
      '--mount',
      '--propagation',
      'private',
      '--',
      process.execPath,
      join(import.meta.dirname, 'netnsListener.mjs'),
      JSON.stringify(config),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  const lines: Interface = createInterface({ input: child.stdout })
  const pending: ((line: string) => void)[] = []
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve()
    })
  })
  lines.on('line', (line) => pending.shift()?.(line))
  const nextLine = () =>
    Promise.race([
      new Promise<string>((resolve) => pending.push(resolve)),
      exited.then(() => {
        throw new Error(`The network namespace listener stopped: ${stderr.trim()}`)
      }),
    ])

  await nextLine()
  let queue = Promise.resolve()
  return {
    listen,
    run(attack) {
      const request = {
        script: attack.script,
        timeoutMs: attack.timeoutMs ?? 15_000,
        settleMs: attack.settleMs ?? 150,
        probePort: attack.probePort,
      }
      const result = queue.then(async () => {
        const answer = nextLine()
        child.stdin.write(`${JSON.stringify(request)}\n`)
        return JSON.parse(await answer) as AttackResult
      })
      queue = result.then(
        () => undefined,
        () => undefined,
      )
      return result
    },
    async close() {
      child.stdin.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
      await exited
      clearTimeout(timer)
      rmSync(workDir, { recursive: true, force: true })
    },
  }
}

/** One attack in a namespace of its own (convenient for a single test; slower per attack). */
export async function runAttackInNetns(
  attack: AttackOptions & NetnsOptions,
): Promise<AttackResult & { listen: string }> {
  const netns = await startNetns(attack)
  try {
    return { ...(await netns.run(attack)), listen: netns.listen }
  } finally {
    await netns.close()
  }
}

/**
 * The opening of an attack script: the tripwire exactly as the CLI installs it (its first module,
 * src/cli/tripwireFirst.ts), then the attempt helpers (test/redteam/support/netnsAttack.ts).
 */
export const tripwireAsCli = `import ${JSON.stringify(repoUrl('src/cli/tripwireFirst.ts'))}
import { attempt, linger, target } from ${JSON.stringify(repoUrl('test/redteam/support/netnsAttack.ts'))}
`

/** The `ATTEMPT {json}` lines an attack script printed through `attempt`. */
export function attemptsOf(stdout: string): AttemptOutcome[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('ATTEMPT '))
    .map((line) => JSON.parse(line.slice('ATTEMPT '.length)) as AttemptOutcome)
}

/** What an attack script printed after `KEY ` on a line of its own ('' when it printed none). */
export function printedLine(stdout: string, key: string): string {
  const found = stdout.split('\n').find((text) => text.startsWith(`${key} `))
  return found === undefined ? '' : found.slice(key.length + 1)
}
