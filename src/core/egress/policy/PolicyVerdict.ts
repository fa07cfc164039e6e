/**
 * Stable refusal codes of the body policy: the audit log and the gate's error carry them, so never
 * rename one.
 */
export type PolicyCode =
  | 'too-large'
  | 'too-deep'
  | 'not-json'
  | 'invalid-utf8'
  | 'field-too-large'
  | 'control-characters'
  | 'media-signature'
  | 'opaque-blob'
  | 'compressed-content'

export interface PolicyRefusal {
  ok: false
  code: PolicyCode
  /** One sentence for the audit log and the user; never echoes the offending bytes. */
  reason: string
  /** JSON path of the offending field (`$.segments[3].text`), when one field is to blame. */
  path?: string
}

export type PolicyVerdict = { ok: true; json: unknown } | PolicyRefusal
