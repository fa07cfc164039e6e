import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { respondWithRendererFile } from '../../../src/main/respondWithRendererFile'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-renderer-')

describe('app: protocol (respondWithRendererFile)', () => {
  let root: string

  beforeEach(() => {
    const dir = tempDir()
    root = join(dir, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Earshot</title>')
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)')
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
  })

  const ask = (url: string, init?: RequestInit) =>
    respondWithRendererFile(new Request(url, init), root)

  it('serves index.html for / with the CSP header', async () => {
    const response = await ask('app://earshot/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await response.text()).toContain('<title>Earshot</title>')
  })

  it('serves the bundle with a script type', async () => {
    const response = await ask('app://earshot/assets/index.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it.each([
    'app://earshot/..%2fsecret.txt',
    'app://earshot/%2e%2e/secret.txt',
    'app://earshot/assets/..%2f..%2fsecret.txt',
    'app://earshot/%2fetc%2fpasswd',
    'app://earshot/index.html%00.js',
    'app://earshot/%E0%A4%A',
    'app://other/index.html',
    'app://earshot/missing.js',
  ])('serves nothing for %s', async (url) => {
    expect((await ask(url)).status).toBe(404)
  })

  it('answers GET and HEAD only', async () => {
    expect((await ask('app://earshot/index.html', { method: 'POST', body: 'x' })).status).toBe(404)
    const head = await ask('app://earshot/index.html', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBeNull()
  })
})
