import { spawn, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { whisperWorkerEntry } from '../../src/core/transcribe/whisperWorkerEntry'
import { launchEngineProcess } from '../../src/core/egress/childProcessGuard'
import { findNetwallAddon } from '../../src/core/egress/seccompWall'
import { lastSeccompWallReport } from '../../src/core/egress/seccompWallReports'
import { NativeFfmpeg } from '../../src/core/media/NativeFfmpeg'
import { WasmFfmpeg } from '../../src/core/media/WasmFfmpeg'
import { WhisperTranscriber } from '../../src/core/transcribe/WhisperTranscriber'
import type { WhisperWorkerHandle } from '../../src/core/transcribe/WhisperWorkerHandle'
import {
  WHISPER_WORKER_EXEC_ARGV,
  whisperWorkerEnv,
} from '../../src/core/transcribe/whisperWorkerTuning'
import type { WorkerToHostMessage } from '../../src/core/transcribe/workerMessages'
import { microModel } from '../integration/transcribe/support/fixtures'
import { media } from '../support/mediaFixtures'
import { repoRoot } from '../support/paths'
import { useTempDir } from '../support/tempDir'
import type { AttemptOutcome } from './support/netnsAttack'
import {
  attemptsOf,
  printedLine,
  repoUrl,
  startNetns,
  totalArrivals,
  type Netns,
} from './support/netns'

// The seccomp network wall (issue 9): the whisper worker and the ffmpeg.wasm decoder put a BPF
// filter on themselves first thing (native/netwall), which holds where no network namespace can
// be made (user namespaces off) and in Electron utility processes, which no wrapper can reach.
// The proof runs a Node process with NO tripwire, that loads the addon the way the workers do and
// installs it, inside a namespace this test made, against listeners on a non-loopback address.
// Every road fails with the kernel's errno and nothing arrives; the same roads without the filter
// arrive (the control, so the test can fail).

const netwall = findNetwallAddon()
const tempDir = useTempDir('earshot-seccomp-')
const tsxUrl = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

function spawnNode(args: string[]) {
  return spawn(process.execPath, args, {
    env: whisperWorkerEnv(process.env),
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
}

/** Every road, tried from a process with no tripwire; `install` puts the filter up first. */
function roads(install: boolean): string {
  return `
    import { readdirSync, readFileSync } from 'node:fs'
    import { promises as fsp } from 'node:fs'
    // libuv's thread pool is made before the filter, so a DNS lookup below runs on a thread that
    // existed at install: only TSYNC gives that thread the filter.
    await fsp.readFile('/proc/self/status')
    const { installSeccompWall } = await import(${JSON.stringify(repoUrl('src/core/egress/seccompWall.ts'))})
    if (${String(install)}) console.log('REPORT ' + JSON.stringify(installSeccompWall()))
    const threads = readdirSync('/proc/self/task')
    const filtered = threads.filter((id) => /^Seccomp:\\s+2$/m.test(readFileSync('/proc/self/task/' + id + '/status', 'utf8')))
    console.log('THREADS ' + JSON.stringify({ threads: threads.length, filtered: filtered.length }))
    const { attempt, linger, target } = await import(${JSON.stringify(repoUrl('test/redteam/support/netnsAttack.ts'))})
    const net = await import('node:net')
    const tls = await import('node:tls')
    const dgram = await import('node:dgram')
    const dns = await import('node:dns')
    const util = await import('node:util')
    const { spawn } = await import('node:child_process')
    const pcm = Buffer.from('RIFF\\x24\\x00\\x00\\x00WAVEfmt ')
    await attempt('net.connect', () => net.connect(7000, target).on('connect', function () { this.write(pcm) }))
    await attempt('tls.connect', () => tls.connect({ host: target, port: 443, rejectUnauthorized: false }))
    await attempt('dgram.send', () => {
      const socket = dgram.createSocket('udp4')
      socket.send(pcm, 7001, target, (error) => socket.emit(error ? 'error' : 'listening', error))
      return socket
    })
    await attempt('process.binding tcp_wrap raw connect', () => new Promise((resolve, reject) => {
      const { TCP, TCPConnectWrap, constants } = process.binding('tcp_wrap')
      const handle = new TCP(constants.SOCKET)
      const request = new TCPConnectWrap()
      const fail = (status) => reject(Object.assign(new Error('raw connect'), { code: util.getSystemErrorName(status) }))
      request.oncomplete = (status) => (status === 0 ? resolve() : fail(status))
      const error = handle.connect(request, target, 7000)
      if (error !== 0) fail(error)
    }))
    await attempt('dns.lookup (getaddrinfo, on a thread from before the filter)', () => dns.promises.lookup('pcm-6c65616b.example.com'))
    await attempt('dns.resolve4 (c-ares)', () => dns.promises.resolve4('pcm-6c6561.example.com'))
    // The listener never answers HTTP: without the filter the request arrives and then times out.
    await attempt('fetch', () => fetch('http://' + target + ':80/', { signal: AbortSignal.timeout(1500) }))
    await attempt('child_process.spawn of a node that connects', () => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', "require('net').connect(7000, process.argv[1]).on('connect', () => { console.log('open'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })", target], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      child.on('close', () => (out.trim() === 'open' ? resolve() : reject(Object.assign(new Error('child: ' + out.trim()), { code: out.trim() }))))
    }))
    // AF_UNIX stays open: a worker's channel to its host is one.
    await attempt('AF_UNIX server and client', () => new Promise((resolve, reject) => {
      const path = '/tmp/earshot-seccomp-' + process.pid + '.sock'
      const server = net.createServer((socket) => socket.end('hi')).listen(path, () => {
        net.connect(path).on('data', () => { server.close(); resolve() }).on('error', reject)
      }).on('error', reject)
    }))
    await attempt('a child with an IPC channel answers', () => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', "process.on('message', (m) => { process.send(m + '!'); process.disconnect() })"], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      child.on('message', (message) => (message === 'ping!' ? resolve() : reject(new Error(String(message)))))
      child.on('error', reject)
      child.send('ping')
    }))
    await linger()
    process.exit(0)
  `
}

const byName = (attempts: AttemptOutcome[]) =>
  Object.fromEntries(attempts.map((attempt) => [attempt.name, attempt]))

let netns: Netns
beforeAll(async () => {
  netns = await startNetns()
})
afterAll(async () => {
  await netns.close()
})

describe('red team: the seccomp network wall (Linux), in a network namespace', () => {
  it('the addon is built (npm run build:netwall) and found where the workers look', () => {
    expect(netwall).toBe(join(repoRoot, 'native', 'netwall', 'build', 'Release', 'netwall.node'))
  })

  it('control: without the filter, the same roads reach the non-loopback listener', async () => {
    const result = await netns.run({ script: roads(false), timeoutMs: 30_000 })
    const attempts = byName(attemptsOf(result.stdout))
    expect(attempts['net.connect'], result.stderr).toMatchObject({ result: 'open' })
    expect(attempts['tls.connect']).toMatchObject({ result: 'open' })
    expect(attempts['dgram.send']).toMatchObject({ result: 'open' })
    expect(attempts['process.binding tcp_wrap raw connect']).toMatchObject({ result: 'open' })
    expect(attempts['child_process.spawn of a node that connects']).toMatchObject({
      result: 'open',
    })
    expect(result.arrivals.tcpConnections).toBeGreaterThanOrEqual(4)
    expect(result.arrivals.udpDatagrams).toBeGreaterThanOrEqual(1)
    expect(result.arrivals.dnsQueries).toBeGreaterThanOrEqual(1)
  })

  it('with the filter: every road fails with the kernel’s EACCES, on every thread, and nothing arrives; AF_UNIX still works', async () => {
    const result = await netns.run({ script: roads(true), timeoutMs: 30_000 })
    expect(JSON.parse(printedLine(result.stdout, 'REPORT') || '{}'), result.stderr).toMatchObject({
      state: 'installed',
    })
    const threads = JSON.parse(printedLine(result.stdout, 'THREADS') || '{}') as {
      threads: number
      filtered: number
    }
    // Node runs several threads already (V8's platform, libuv's pool): TSYNC filtered them all.
    expect(threads.threads).toBeGreaterThan(4)
    expect(threads.filtered).toBe(threads.threads)
    const attempts = byName(attemptsOf(result.stdout))
    for (const name of [
      'net.connect',
      'tls.connect',
      'dgram.send',
      'process.binding tcp_wrap raw connect',
      'fetch',
      'child_process.spawn of a node that connects',
    ]) {
      expect(attempts[name], `${name}: ${result.stderr}`).toMatchObject({
        result: 'refused',
        code: 'EACCES',
        // No tripwire in this process: the kernel refused, not JavaScript.
        trips: 0,
      })
    }
    // The resolvers hide the errno behind their own codes (glibc: EAI_AGAIN, c-ares: ECONNREFUSED),
    // but the query never left: no DNS name arrived.
    expect(attempts['dns.lookup (getaddrinfo, on a thread from before the filter)']).toMatchObject({
      result: 'refused',
    })
    expect(attempts['dns.resolve4 (c-ares)']).toMatchObject({ result: 'refused' })
    expect(result.arrivals).toMatchObject({ dnsNames: [] })
    expect(totalArrivals(result.arrivals)).toBe(0)
    expect(attempts['AF_UNIX server and client']).toMatchObject({ result: 'open' })
    expect(attempts['a child with an IPC channel answers']).toMatchObject({ result: 'open' })
  })
})

/** The kernel's view of a process: `Seccomp: 2` is filter mode; how many filters are stacked. */
function seccompOf(pid: number | undefined): { mode: string; filters: number } {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
  return {
    mode: /^Seccomp:\s+(\d)/m.exec(status)?.[1] ?? '',
    filters: Number(/^Seccomp_filters:\s+(\d+)/m.exec(status)?.[1] ?? 0),
  }
}

/**
 * The whisper worker as the Electron app runs it, with no namespace around it (a utility process
 * has none): a plain Node child with an IPC channel, from the same entry and flags.
 */
function forkWithoutNamespace(started: (pid: number | undefined) => void): WhisperWorkerHandle {
  const entry = whisperWorkerEntry()
  const child = spawnNode([...WHISPER_WORKER_EXEC_ARGV, ...entry.execArgv, entry.path])
  started(child.pid)
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) =>
      child.on('message', (message) => {
        listener(message as WorkerToHostMessage)
      }),
    onExit: (listener) => child.once('exit', listener),
    onStderr: (listener) => child.stderr?.setEncoding('utf8').on('data', listener),
    kill: () => child.kill('SIGKILL'),
  }
}

async function decodedSpeech(): Promise<Float32Array> {
  const parts: Float32Array[] = []
  const ffmpeg = new NativeFfmpeg({
    ffmpeg: '/usr/bin/ffmpeg',
    ffprobe: '/usr/bin/ffprobe',
    source: 'path',
  })
  for await (const part of ffmpeg.decodeToPcm(media.m4a)) parts.push(part)
  return Float32Array.from(parts.flatMap((part) => [...part]))
}

async function* once(pcm: Float32Array): AsyncGenerator<Float32Array> {
  await Promise.resolve()
  yield pcm
}

describe('red team: the real workers put the seccomp wall on themselves and still work', () => {
  it('the whisper worker, with no namespace around it (as in the desktop app): filtered from its start, and it still transcribes', async () => {
    let pid: number | undefined
    const transcriber = new WhisperTranscriber({
      modelPath: await microModel(),
      spawnWorker: () => forkWithoutNamespace((started) => (pid = started)),
    })
    const filterWhileRunning: { mode: string; filters: number }[] = []
    const segments = await transcriber.transcribe(once(await decodedSpeech()), {
      threads: 2,
      language: 'en',
      onSegment: () => {
        if (filterWhileRunning.length === 0) filterWhileRunning.push(seccompOf(pid))
      },
    })
    await transcriber.dispose()
    // Random weights: the text is garbage by design; that whisper.cpp ran is what counts.
    expect(segments.length).toBeGreaterThan(0)
    expect(filterWhileRunning[0]?.mode).toBe('2')
    expect(filterWhileRunning[0]?.filters).toBeGreaterThanOrEqual(1)
    // Its ready message said so, and that is what Settings shows.
    expect(lastSeccompWallReport('whisper-worker')).toMatchObject({ state: 'installed' })
  })

  it('the whisper worker as the CLI starts it: in its namespace and under its filter', async () => {
    const worker = launchEngineProcess({ kind: 'whisper-worker' })
    try {
      const ready = new Promise<WorkerToHostMessage>((resolve) =>
        worker.once('message', (m) => {
          resolve(m as WorkerToHostMessage)
        }),
      )
      worker.send({ type: 'init', modelPath: await microModel() })
      const message = await ready
      expect(message).toMatchObject({ type: 'ready', seccomp: { state: 'installed' } })
      const installMicros = message.type === 'ready' ? message.seccomp?.installMicros : undefined
      expect(installMicros).toBeGreaterThan(0)
      expect(seccompOf(worker.pid).mode).toBe('2')
    } finally {
      worker.kill('SIGKILL')
    }
  })

  it('the ffmpeg.wasm decoder reports its filter in its outcome, and still decodes', async () => {
    const parts: Float32Array[] = []
    for await (const part of new WasmFfmpeg().decodeToPcm(media.m4a)) parts.push(part)
    expect(parts.reduce((sum, part) => sum + part.length, 0)).toBeGreaterThan(16_000 * 5)
    expect(lastSeccompWallReport('wasm-decoder')).toMatchObject({ state: 'installed' })
  })

  it('a worker whose addon is missing says so on stderr and reports failed, never installed', async () => {
    // The installer's own sources, copied where no native/netwall is above them.
    const dir = join(tempDir(), 'src', 'core', 'egress')
    mkdirSync(dir, { recursive: true })
    for (const file of ['seccompWall.ts', 'seccompWallFirst.ts', 'osWallSwitch.ts']) {
      copyFileSync(join(repoRoot, 'src', 'core', 'egress', file), join(dir, file))
    }
    const probe = join(dir, 'probe.mts')
    writeFileSync(
      probe,
      `import './seccompWallFirst.ts'\nimport { installSeccompWall } from './seccompWall.ts'\nprocess.send(installSeccompWall(), () => process.disconnect())\n`,
    )
    // With an IPC channel, as a worker has: the wall goes up only in a process with a host.
    const { stderr, messages } = await runWithHost(['--import', tsxUrl, probe])
    expect(stderr).toContain(
      'earshot: seccomp network wall not installed: The seccomp network wall addon',
    )
    expect(messages).toMatchObject([{ state: 'failed' }])
  })

  it('a process with no host (never the app’s own) does not put the wall on itself', () => {
    const probe = join(tempDir(), 'noHost.mts')
    writeFileSync(
      probe,
      `import ${JSON.stringify(repoUrl('src/core/egress/seccompWallFirst.ts'))}\nimport { readFileSync } from 'node:fs'\nconsole.log(/^Seccomp:\\s+(\\d)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])\n`,
    )
    const run = spawnSync(process.execPath, ['--import', tsxUrl, probe], { encoding: 'utf8' })
    expect(run.stderr).toContain('this process has no host')
    expect(run.stdout.trim()).toBe('0')
  })
})

/** A Node child with an IPC channel: its stderr and the messages it sent. */
function runWithHost(args: string[]): Promise<{ stderr: string; messages: unknown[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    let stderr = ''
    const messages: unknown[] = []
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('message', (message) => messages.push(message))
    child.on('close', () => {
      resolve({ stderr, messages })
    })
  })
}

// The filter checks the ABI a syscall came in by: an x86_64 process can still enter the kernel as
// i386 (`int $0x80`, where 102 is socketcall) or as x32 (bit 30 set on the number), and the
// filter's numbers would mean nothing there. Both end the process (SIGSYS); ordinary syscalls,
// and AF_UNIX sockets, go through. A C program, so no runtime stands between it and the kernel.
const probeSource = String.raw`
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "native") == 0) {
    int unix_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int inet_fd = socket(AF_INET, SOCK_STREAM, 0);
    int inet_errno = errno;
    int inet6_fd = socket(AF_INET6, SOCK_DGRAM, 0);
    int inet6_errno = errno;
    int netlink_fd = socket(AF_NETLINK, SOCK_RAW, 0);
    printf("pid=%d unix=%d inet=%s inet6=%s netlink=%s\n", getpid() > 0, unix_fd >= 0,
           inet_fd >= 0 ? "open" : strerror(inet_errno), inet6_fd >= 0 ? "open" : strerror(inet6_errno),
           netlink_fd >= 0 ? "open" : "refused");
    return 0;
  }
#if defined(__x86_64__)
  if (strcmp(mode, "x32") == 0) {
    long r = syscall(0x40000000L | SYS_socket, AF_INET, SOCK_STREAM, 0);
    printf("x32 returned %ld\n", r);
    return 0;
  }
  if (strcmp(mode, "i386") == 0) {
    long r;
    long args[3] = {AF_INET, SOCK_STREAM, 0};
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(102L), "b"(1L), "c"(args) : "memory");
    printf("i386 returned %ld\n", r);
    return 0;
  }
#endif
  return 2;
}
`

describe.runIf(process.arch === 'x64')(
  'red team: the seccomp wall and other system-call ABIs (x86_64)',
  () => {
    let probeDir = ''
    let probe = ''
    beforeAll(() => {
      // Made here, not with tempDir(): that one is removed after each test.
      probeDir = mkdtempSync(join(tmpdir(), 'earshot-seccomp-probe-'))
      writeFileSync(join(probeDir, 'probe.c'), probeSource)
      probe = join(probeDir, 'probe')
      const cc = spawnSync('cc', ['-O1', '-o', probe, join(probeDir, 'probe.c')], {
        encoding: 'utf8',
      })
      expect(cc.status, cc.stderr).toBe(0)
    })
    afterAll(() => {
      rmSync(probeDir, { recursive: true, force: true })
    })

    /** Runs the probe as a child of a Node process that did (or did not) install the filter. */
    function probeUnder(
      install: boolean,
      mode: string,
    ): { status: number | null; signal: string | null; stdout: string } {
      const runner = join(tempDir(), 'runner.mts')
      writeFileSync(
        runner,
        `import { spawnSync } from 'node:child_process'
      import { installSeccompWall } from ${JSON.stringify(repoUrl('src/core/egress/seccompWall.ts'))}
      if (${String(install)} && installSeccompWall().state !== 'installed') process.exit(3)
      const run = spawnSync(${JSON.stringify(probe)}, [${JSON.stringify(mode)}], { encoding: 'utf8' })
      console.log(JSON.stringify({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }))`,
      )
      const run = spawnSync(process.execPath, ['--import', tsxUrl, runner], { encoding: 'utf8' })
      expect(run.status, run.stderr).toBe(0)
      return JSON.parse(run.stdout) as {
        status: number | null
        signal: string | null
        stdout: string
      }
    }

    it('ordinary syscalls and AF_UNIX go through in a child of a filtered process; AF_INET, AF_INET6 and netlink do not', () => {
      expect(probeUnder(true, 'native')).toEqual({
        status: 0,
        signal: null,
        stdout: 'pid=1 unix=1 inet=Permission denied inet6=Permission denied netlink=refused',
      })
    })

    it('control: without the filter the probe opens every socket and its other-ABI calls return', () => {
      expect(probeUnder(false, 'native').stdout).toBe(
        'pid=1 unix=1 inet=open inet6=open netlink=open',
      )
      for (const mode of ['x32', 'i386']) {
        // The kernel may lack x32 or ia32 support (then -ENOSYS, or SIGSEGV for int 0x80), but it
        // never answers with SIGSYS: that signal is the filter's.
        expect(probeUnder(false, mode).signal, mode).not.toBe('SIGSYS')
      }
    })

    it('an x32 socket call or an i386 socketcall (int 0x80) ends the filtered process with SIGSYS', () => {
      for (const mode of ['x32', 'i386']) {
        expect(probeUnder(true, mode), mode).toMatchObject({ signal: 'SIGSYS', stdout: '' })
      }
    })
  },
)

// The Electron app runs the bundles electron-vite builds (npm test builds before it tests). A
// filter cannot be taken off: the workers' bundles must evaluate the wall before anything else,
// and the app's own process, which holds the egress gate, must never evaluate it.
describe('the built app (out/main): the wall is the workers’ first module and never the main process’s', () => {
  const outMain = join(repoRoot, 'out', 'main')
  const wallMarker = '// src/core/egress/seccompWallFirst.ts'

  /** Every file a bundle evaluates, through its static relative imports, in evaluation order. */
  function importClosure(file: string, seen: string[] = []): string[] {
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["'](\.[^"']+)["']/gm)) {
      const target = join(dirname(file), match[1] ?? '')
      if (!seen.includes(target)) importClosure(target, seen)
    }
    seen.push(file)
    return seen
  }

  it('out/main is built (electron-vite build)', () => {
    expect(existsSync(join(outMain, 'index.js')), 'run npx electron-vite build first').toBe(true)
  })

  it.each(['whisperWorker.js', 'wasmDecoder.js'])(
    '%s evaluates the seccomp wall before any other module of ours',
    (entry) => {
      const order = importClosure(join(outMain, entry))
      const first = order.findIndex((file) => readFileSync(file, 'utf8').includes(wallMarker))
      expect(first).toBeGreaterThanOrEqual(0)
      // Only its one dependency (the installer, Node builtins only) comes before it.
      expect(first).toBeLessThanOrEqual(1)
      const before = order.slice(0, first).map((file) => readFileSync(file, 'utf8'))
      for (const source of before) expect(source).not.toMatch(/^import .*["']\.\.?\//m)
    },
  )

  it.each(['index.js', 'tripwireFirst.js'])(
    '%s (the app’s own process) never evaluates it',
    (entry) => {
      for (const file of importClosure(join(outMain, entry))) {
        expect(readFileSync(file, 'utf8'), file).not.toContain(wallMarker)
      }
    },
  )
})
