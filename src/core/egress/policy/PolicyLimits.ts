/**
 * Limits of the body policy. Defaults are sized for transcript uploads (DESIGN.md §4): an 8-hour
 * call is about 2 MB of JSON, a segment's text at most 4,000 characters, and the only long
 * identifiers are UUIDs and SHA-256 digests.
 */
export interface PolicyLimits {
  /** Whole body, in bytes. */
  maxBodyBytes: number
  /** One string value, in UTF-16 code units. */
  maxFieldChars: number
  /** One object key, in UTF-16 code units: keys are names, never content. */
  maxKeyChars: number
  /** Nesting of arrays and objects; the walk is recursive. */
  maxDepth: number
  /** Longest allowed unbroken run of [A-Za-z0-9+/=_-], within one string or across strings. */
  maxBase64Run: number
  /** Longest allowed run of hex digits (128 keeps two SHA-256 digests or one SHA-512 legal). */
  maxHexRun: number
  /** Longest allowed token of printable ASCII without whitespace (base85 and friends). */
  maxTokenChars: number
  /** Most percent-escapes allowed in a string whose decoded bytes are binary, not text. */
  maxPercentBinaryEscapes: number
  /** Longest allowed array (or list in a string) of integers 0–255: that is a byte array. */
  maxByteArray: number
  /** Longest allowed array of numbers of any kind: longer could carry audio samples. */
  maxNumericArray: number
  /** Longest allowed run of private-use characters (binary mapped into the PUA). */
  maxPrivateUseRun: number
}

export const DEFAULT_POLICY_LIMITS: Readonly<PolicyLimits> = Object.freeze({
  maxBodyBytes: 5 * 1024 * 1024,
  maxFieldChars: 64 * 1024,
  maxKeyChars: 1024,
  maxDepth: 64,
  maxBase64Run: 255,
  maxHexRun: 128,
  maxTokenChars: 1024,
  maxPercentBinaryEscapes: 32,
  maxByteArray: 255,
  maxNumericArray: 4096,
  maxPrivateUseRun: 8,
})
