import type { SettingField } from './settingFields'

/**
 * A form field's text as the setting's value: empty means "not set" (null) — the schema then
 * says whether that is allowed — and number fields take numbers.
 */
export function parseDraft(draft: string, kind: SettingField['kind']): unknown {
  const trimmed = draft.trim()
  if (trimmed === '') return null
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed
  return kind === 'long-text' ? draft : trimmed
}

export function toDraft(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}
