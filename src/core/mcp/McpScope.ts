import type { Settings } from '../../shared/settings'
import type { RecordingRow } from '../store/RecordingStore'

/** What `mcp.scope` lets the server show, resolved once per request. */
export interface McpScope {
  readonly kind: Settings['mcp.scope']
  /** Imported at or after (ISO instant); window scope only. */
  readonly from: string | null
  /** Imported before (ISO instant); window scope only. */
  readonly to: string | null
  /** Marked ids; shareable scope only. */
  readonly shareable: ReadonlySet<string>
}

const DAY_MS = 86_400_000

/**
 * The scope from the settings. The window's days are both included: `mcp.to` 2026-03-31 admits a
 * call imported at 23:59 UTC that day.
 */
export function mcpScope(
  settings: Pick<Settings, 'mcp.scope' | 'mcp.from' | 'mcp.to'>,
  shareable: () => ReadonlySet<string>,
): McpScope {
  const kind = settings['mcp.scope']
  const window = kind === 'window'
  const from = window && settings['mcp.from'] !== null ? dayStart(settings['mcp.from'], 0) : null
  const to = window && settings['mcp.to'] !== null ? dayStart(settings['mcp.to'], DAY_MS) : null
  return { kind, from, to, shareable: kind === 'shareable' ? shareable() : new Set() }
}

function dayStart(day: string, plusMs: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + plusMs).toISOString()
}

/** Whether the server may show this recording at all: finished, and inside the scope. */
export function inScope(scope: McpScope, recording: RecordingRow): boolean {
  if (recording.status !== 'done') return false
  if (scope.kind === 'shareable') return scope.shareable.has(recording.id)
  if (scope.kind === 'window') {
    const at = Date.parse(recording.importedAt)
    if (scope.from !== null && at < Date.parse(scope.from)) return false
    if (scope.to !== null && at >= Date.parse(scope.to)) return false
  }
  return true
}
