// @ts-check
// Runs inside a private network namespace (and mount namespace) made by test/redteam/support/netns.ts
// with `unshare -n -m`. It brings `lo` up, puts the non-loopback address on it, points the resolver
// at that address, listens there for TCP and UDP (DNS on 53 too) and counts what actually arrives.
// It then runs attack scripts on request, one child process each, and reports the arrivals of each.
// Plain JS, no tripwire: this is the attacker's outside world, not Earshot.
import { Buffer } from 'node:buffer'
import { spawn, spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import { writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { createInterface } from 'node:readline'
import { clearTimeout, setTimeout } from 'node:timers'

const config =
  /** @type {{ listen: string, tcpPorts: number[], udpPorts: number[], loopbackPorts: number[], workDir: string, tsx: string }} */ (
    JSON.parse(process.argv[2] ?? '{}')
  )

/** @param {string[]} args */
function ip(args) {
  const result = spawnSync('ip', args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`)
}

ip(['link', 'set', 'lo', 'up'])
ip(['addr', 'add', `${config.listen}/32`, 'dev', 'lo'])
// getaddrinfo (dns.lookup) reads /etc/resolv.conf: inside this mount namespace it names our
// listener, so a lookup's query (and the data in its name) is counted instead of going anywhere.
const resolvConf = join(config.workDir, 'resolv.conf')
writeFileSync(resolvConf, `nameserver ${config.listen}\noptions timeout:1 attempts:1\n`)
const mount = spawnSync('mount', ['--bind', resolvConf, '/etc/resolv.conf'], { encoding: 'utf8' })
if (mount.status !== 0) throw new Error(`mount resolv.conf: ${mount.stderr}`)

const zero = () => ({
  tcpConnections: 0,
  tcpBytes: 0,
  udpDatagrams: 0,
  udpBytes: 0,
  dnsQueries: 0,
  loopbackConnections: 0,
  loopbackBytes: 0,
  inboundBytes: 0,
})
let arrivals = zero()
/** @type {string[]} */
let dnsNames = []

/** A DNS question's name (RFC 1035 §4.1.2), for the report; best effort. */
function questionName(/** @type {Buffer} */ packet, offset = 12) {
  const labels = []
  for (let at = offset; at < packet.length;) {
    const length = packet[at] ?? 0
    if (length === 0 || length > 63) break
    labels.push(packet.subarray(at + 1, at + 1 + length).toString('latin1'))
    at += 1 + length
  }
  return labels.join('.')
}

/** @param {number} port @param {string} host @param {boolean} loopback */
function listenTcp(port, host, loopback) {
  const server = net.createServer((socket) => {
    if (loopback) arrivals.loopbackConnections++
    else arrivals.tcpConnections++
    socket.on('data', (chunk) => {
      if (loopback) arrivals.loopbackBytes += chunk.length
      else arrivals.tcpBytes += chunk.length
      if (!loopback && port === 53 && chunk.length > 14) {
        arrivals.dnsQueries++
        dnsNames.push(questionName(chunk, 14))
      }
    })
    socket.on('error', () => undefined)
  })
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)))
}

/** @param {number} port */
function listenUdp(port) {
  const socket = dgram.createSocket('udp4')
  socket.on('message', (message, from) => {
    arrivals.udpDatagrams++
    arrivals.udpBytes += message.length
    if (port === 53) {
      arrivals.dnsQueries++
      dnsNames.push(questionName(message))
      // Answer NXDOMAIN so resolvers stop asking: header with QR, RCODE 3, the question echoed.
      const answer = Buffer.from(message)
      answer[2] = 0x81
      answer[3] = 0x83
      socket.send(answer, from.port, from.address)
    }
  })
  return new Promise((resolve) => socket.bind(port, config.listen, () => resolve(socket)))
}

await Promise.all([
  ...config.tcpPorts.map((port) => listenTcp(port, config.listen, false)),
  ...config.loopbackPorts.map((port) => listenTcp(port, '127.0.0.1', true)),
  ...config.udpPorts.map(listenUdp),
])

/** Connects in from the non-loopback address, as a peer on the network would, and counts what the attack's server sends. */
function probeInbound(/** @type {number} */ port, /** @type {() => boolean} */ stop) {
  const attempt = () => {
    if (stop()) return
    const socket = net.connect({ host: config.listen, port, localAddress: config.listen })
    socket.on('data', (chunk) => {
      arrivals.inboundBytes += chunk.length
    })
    socket.on('error', () => setTimeout(attempt, 50))
    socket.on('close', () => setTimeout(attempt, 50))
  }
  attempt()
}

let counter = 0
/** @param {{ script: string, settleMs: number, timeoutMs: number, probePort?: number }} request */
function runAttack(request) {
  arrivals = zero()
  dnsNames = []
  const file = join(config.workDir, `attack-${++counter}.mts`)
  writeFileSync(file, request.script)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', config.tsx, file], {
      cwd: config.workDir,
      env: { ...process.env, TARGET_HOST: config.listen },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let exited = false
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text))
    if (request.probePort !== undefined) probeInbound(request.probePort, () => exited)
    const timer = setTimeout(() => child.kill('SIGKILL'), request.timeoutMs)
    child.on('exit', (code, signal) => {
      exited = true
      clearTimeout(timer)
      // Packets and connections may still be in flight when the attacker exits.
      setTimeout(() => {
        resolve({
          arrivals: { ...arrivals, dnsNames: [...dnsNames] },
          stdout,
          stderr,
          exitCode: code ?? (signal === null ? null : 128),
        })
      }, request.settleMs)
    })
  })
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue
  const result = await runAttack(JSON.parse(line))
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
process.exit(0)
