import { z } from 'zod'

/** The upload contract's limit for one segment's text (`TranscriptUpload` in upload.ts). */
export const MAX_LINE_TEXT = 4000

// Control characters (line breaks and tabs too: a line is one line), lone surrogates and
// U+FFFD–U+FFFF: what the egress gate refuses in an upload (findControlCharacter), refused here
// so a corrected line can never make its recording unsendable.
const NOT_TEXT = /[\p{Cc}\p{Cs}\uFFFD-\uFFFF]/u

/** A transcript line as the user corrected it: trimmed, not empty, plain text. */
export const LineText = z
  .string()
  .trim()
  .min(1, 'A line cannot be empty.')
  .max(MAX_LINE_TEXT, `A line can hold at most ${MAX_LINE_TEXT} characters.`)
  .refine((text) => !NOT_TEXT.test(text), 'A line cannot hold control characters or line breaks.')
