import { describe, expect, it } from 'vitest'
import { inScope, mcpScope } from '../../../src/core/mcp/McpScope'
import { matchesRedactedText } from '../../../src/core/mcp/matchesRedactedText'
import type { RecordingRow } from '../../../src/core/store/RecordingStore'
import { recordingRow } from '../../support/recordingRow'

function row(
  id: string,
  importedAt: string,
  status: RecordingRow['status'] = 'done',
): RecordingRow {
  return {
    ...recordingRow(id, { importedAt, status }),
    progress: 100,
    errorCode: null,
    errorMessage: null,
    language: 'en',
    callDate: null,
  }
}

const settings = (
  scope: 'all' | 'window' | 'shareable',
  from: string | null,
  to: string | null,
) => ({
  'mcp.scope': scope,
  'mcp.from': from,
  'mcp.to': to,
})

describe('the MCP scope', () => {
  it('window: both days included, either end may be open', () => {
    const scope = mcpScope(settings('window', '2026-03-01', '2026-03-31'), () => new Set())
    expect(inScope(scope, row('a', '2026-02-28T23:59:59.999Z'))).toBe(false)
    expect(inScope(scope, row('b', '2026-03-01T00:00:00.000Z'))).toBe(true)
    expect(inScope(scope, row('c', '2026-03-31T23:59:59.999Z'))).toBe(true)
    expect(inScope(scope, row('d', '2026-04-01T00:00:00.000Z'))).toBe(false)
    const open = mcpScope(settings('window', null, '2026-03-31'), () => new Set())
    expect(inScope(open, row('e', '2001-01-01T00:00:00.000Z'))).toBe(true)
  })

  it('shareable: only marked recordings; all: every finished one; never an unfinished one', () => {
    const shareable = mcpScope(settings('shareable', null, null), () => new Set(['a']))
    expect(inScope(shareable, row('a', '2026-03-01T00:00:00.000Z'))).toBe(true)
    expect(inScope(shareable, row('b', '2026-03-01T00:00:00.000Z'))).toBe(false)
    // The window's days are ignored outside the window scope.
    const all = mcpScope(settings('all', '2030-01-01', null), () => new Set())
    expect(inScope(all, row('b', '2026-03-01T00:00:00.000Z'))).toBe(true)
    expect(inScope(all, row('c', '2026-03-01T00:00:00.000Z', 'transcribing'))).toBe(false)
  })
})

describe('search hits after redaction', () => {
  it('keeps a line only while every query word is still in its redacted text', () => {
    expect(matchesRedactedText('pricing seat', 'Our pricing is per seat.')).toBe(true)
    expect(matchesRedactedText('pric', 'Our pricing is per seat.')).toBe(true)
    expect(matchesRedactedText('Café', 'the cafe downstairs')).toBe(true)
    expect(matchesRedactedText('Priya security', 'loop in [NAME] on security')).toBe(false)
    expect(matchesRedactedText('jane@example.com', 'mail [EMAIL]')).toBe(false)
    expect(matchesRedactedText('!!!', 'anything')).toBe(false)
  })
})
