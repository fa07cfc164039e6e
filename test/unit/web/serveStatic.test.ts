import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, get, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serveStatic } from '../../../src/web/serveStatic'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-static-')
let server: Server | null = null

afterEach(async () => {
  const closing = server
  server = null
  if (closing !== null) await new Promise((done) => closing.close(done))
})

/** A server that answers every path with serveStatic over `rootDir`; its port. */
async function serve(rootDir: string): Promise<number> {
  server = createServer((req, res) => void serveStatic(res, rootDir, req.url ?? '/'))
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done))
  return (server.address() as AddressInfo).port
}

/** The status and body, or the error when the response is cut short. */
function fetchPath(port: number, path: string): Promise<{ status: number; body: string } | Error> {
  return new Promise((done) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => {
        done({ status: res.statusCode ?? 0, body })
      })
      res.on('error', done)
    }).on('error', done)
  })
}

describe('serveStatic', () => {
  it('serves a file, and 404s what is missing or not a file', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'index.html'), '<div id="root"></div>')
    mkdirSync(join(root, 'assets'))
    const port = await serve(root)
    expect(await fetchPath(port, '/')).toEqual({ status: 200, body: '<div id="root"></div>' })
    expect(await fetchPath(port, '/missing.js')).toMatchObject({ status: 404 })
    expect(await fetchPath(port, '/assets')).toMatchObject({ status: 404 })
  })

  it('cuts the response short on a read error and keeps serving', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'index.html'), 'still here')
    // A regular file that opens but fails to read (EIO at address 0), even for root: Linux's
    // /proc/self/mem, reached through a link inside the served folder.
    symlinkSync('/proc/self/mem', join(root, 'broken.js'))
    const port = await serve(root)
    const broken = await fetchPath(port, '/broken.js')
    expect(broken).toBeInstanceOf(Error)
    expect(await fetchPath(port, '/')).toEqual({ status: 200, body: 'still here' })
  })
})
