import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../src/core/http/contentSecurityPolicy'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security'
import { repoRoot } from '../../support/paths'

const page = readFileSync(join(repoRoot, 'src', 'renderer', 'index.html'), 'utf8')

/** The sources a policy lets images come from. */
function imageSources(policy: string): string[] {
  const directive = policy.split(';').find((part) => part.trim().startsWith('img-src '))
  return directive?.trim().split(/\s+/).slice(1) ?? []
}

describe('the page icon', () => {
  it('is declared inline, so no browser asks the web server for /favicon.ico', () => {
    const icon = /<link rel="icon" href="([^"]*)"/.exec(page)?.[1]
    expect(icon).toBeDefined()
    expect(icon?.startsWith('data:')).toBe(true)
  })

  it('is allowed by the page, web and desktop policies', () => {
    const metaPolicy = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(page)?.[1]
    for (const policy of [
      metaPolicy ?? '',
      contentSecurityPolicy("'self'"),
      CONTENT_SECURITY_POLICY,
    ]) {
      expect(imageSources(policy)).toContain('data:')
    }
  })
})
