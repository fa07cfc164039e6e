import { describe, expect, it } from 'vitest'
import { auditPurposeNames } from '../../../shared/auditViews'
import { purposeLabel } from './purposeLabel'

describe('purposeLabel', () => {
  it('names every purpose, MCP disclosures plainly, and shows an unknown one as stored', () => {
    for (const name of auditPurposeNames) expect(purposeLabel(name)).not.toBe('')
    expect(purposeLabel('mcp')).toBe('LLM client (MCP)')
    expect(purposeLabel('upload')).toBe('upload')
    expect(purposeLabel('from-the-future')).toBe('from-the-future')
    expect(purposeLabel('__proto__')).toBe('__proto__')
  })
})
