/** The kinds of personal data `findPii` looks for, in the order they win when two candidates overlap. */
export const piiKinds = [
  'url-token',
  'email',
  'iban',
  'card',
  'national-id',
  'phone',
  'term',
  'name',
] as const
export type PiiKind = (typeof piiKinds)[number]

/** One piece of personal data in a text: `start`/`end` are UTF-16 offsets, `text` the slice between. */
export interface PiiMatch {
  kind: PiiKind
  start: number
  end: number
  text: string
}

/** What a detector reports before the overlaps between detectors are resolved. */
export type PiiCandidate = PiiMatch
