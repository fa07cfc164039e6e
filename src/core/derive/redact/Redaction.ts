import type { PiiKind } from './PiiMatch'

/**
 * One planned replacement in one segment. `id` is derived from where and what it is (segment,
 * offsets, kind and a hash of the original), so it is the same every time the plan is recomputed
 * from the same text, and a user's "keep this one" survives; if the text there changes, the id does
 * too, and an old revert cannot uncover new data.
 */
export interface Redaction {
  id: string
  segmentIdx: number
  kind: PiiKind
  start: number
  end: number
  original: string
  replacement: string
}

/** What each kind of personal data is replaced with in what leaves the device. */
export const redactionPlaceholders: Readonly<Record<PiiKind, string>> = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  iban: '[iban]',
  'national-id': '[national-id]',
  'url-token': '[link]',
  term: '[redacted]',
  name: '[name]',
}
