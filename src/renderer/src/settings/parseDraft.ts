import type { SettingField } from './settingFields'

/**
 * A form field's text as the setting's value: empty means "not set" (null) — the schema then
 * says whether that is allowed — number fields take numbers, lists one entry per line, and JSON
 * fields JSON (text that is not JSON is passed on as text, for the schema to refuse).
 */
export function parseDraft(draft: string, kind: SettingField['kind']): unknown {
  const trimmed = draft.trim()
  if (kind === 'list') {
    return draft
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
  }
  if (kind === 'json') {
    if (trimmed === '') return []
    try {
      return JSON.parse(trimmed) as unknown
    } catch {
      return trimmed
    }
  }
  if (trimmed === '') return null
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed
  return kind === 'long-text' ? draft : trimmed
}

export function toDraft(value: unknown, kind?: SettingField['kind']): string {
  if (kind === 'list' && Array.isArray(value)) return value.map(String).join('\n')
  if (kind === 'json')
    return value === null || value === undefined ? '' : JSON.stringify(value, null, 2)
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}
