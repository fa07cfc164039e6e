/* eslint-disable no-control-regex -- matching control characters is the point */

// C0 controls except tab, line feed and carriage return; DEL; C1 controls; U+FFFD (what a lenient
// decoder leaves of broken bytes); the noncharacters U+FFFE and U+FFFF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]/
// Everything the checks below look for, in one class: most strings pass this single test.
const SUSPECT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uE000-\uF8FF\uFFFD-\uFFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * What binary-looking character `text` holds, or undefined. Speech transcribes to letters, digits,
 * punctuation and line breaks; bytes smuggled as "\u0000"-style JSON escapes or through a lossy
 * decoder show up as these. Private-use characters are allowed singly (icon fonts, emoji
 * fallbacks) but not as a run, which is how base32768-style encoders pack bytes.
 */
export function findControlCharacter(text: string, maxPrivateUseRun: number): string | undefined {
  if (!SUSPECT.test(text)) return undefined
  const control = CONTROL.exec(text)
  if (control !== null) {
    const code = control[0].charCodeAt(0)
    const hex = code.toString(16).toUpperCase().padStart(4, '0')
    return code === 0xfffd ? 'a U+FFFD replacement character' : `the control character U+${hex}`
  }
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate'
  if (privateUseRun(maxPrivateUseRun).test(text))
    return `a run of more than ${maxPrivateUseRun} private-use characters`
  return undefined
}

const privateUseRuns = new Map<number, RegExp>()
function privateUseRun(max: number): RegExp {
  let pattern = privateUseRuns.get(max)
  if (pattern === undefined) {
    // BMP private use area, and planes 15–16 (high surrogates DB80–DBFF).
    pattern = new RegExp(`(?:[\\uE000-\\uF8FF]|[\\uDB80-\\uDBFF][\\uDC00-\\uDFFF]){${max + 1}}`)
    privateUseRuns.set(max, pattern)
  }
  return pattern
}
