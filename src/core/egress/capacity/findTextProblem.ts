import type { ScriptProfile } from './scriptProfile'
import { scriptOf } from './scriptProfile'
import { UPLOAD_BUDGET } from './uploadBudget'

export interface TextVerdict {
  /** Bits the text's characters cost under the profile (its length is charged by the caller). */
  bits: number
  /** Code points in the text. */
  chars: number
}

export interface TextProblem {
  rule:
    | 'character-not-allowed'
    | 'invisible-character'
    | 'word-too-long'
    | 'digit-run'
    | 'mixed-script-run'
    | 'combining-run'
  /** Says what, never quotes the text (it may be the smuggled data). */
  what: string
}

const LETTER = /^\p{L}$/u
const MARK = /^\p{M}$/u
const DIGIT = /^\p{Nd}$/u
// Unicode's Default_Ignorable_Code_Point (UAX #44) and format characters: not seen when rendered.
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u

/**
 * The character rules of the capacity budget for one string, and what its characters cost. Text
 * is speech: letters of the recording's scripts, digits, punctuation and spaces. Refused: any
 * character outside the profile (another script, unassigned, private use), invisible ones
 * (zero-width, format, tag, variation selector), a word longer than `maxWordChars`, a digit run
 * longer than `maxDigitRun`, a run of letters changing script more than `maxScriptSwitches`
 * times, more than `maxCombiningRun` combining marks in a row.
 */
export function findTextProblem(
  text: string,
  profile: ScriptProfile,
): TextVerdict | { problem: TextProblem } {
  const budget = UPLOAD_BUDGET
  let bits = 0
  let chars = 0
  let word = 0
  let digits = 0
  let marks = 0
  let switches = 0
  let lastScript: string | undefined
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0
    chars++
    const cost = profile.costOf(cp)
    if (cost === undefined) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0')
      return INVISIBLE.test(char)
        ? { problem: { rule: 'invisible-character', what: `an invisible character (U+${hex})` } }
        : {
            problem: {
              rule: 'character-not-allowed',
              what: `a character (U+${hex}) outside the scripts of the recording's language`,
            },
          }
    }
    bits += cost
    if (cp === 0x20 || cp === 0x3000) {
      word = 0
      digits = 0
      marks = 0
      switches = 0
      lastScript = undefined
      continue
    }
    const letter = LETTER.test(char)
    const script = letter ? scriptOf(char, profile.scripts) : undefined
    const spaceless = script !== undefined && profile.spaceless.includes(script)
    word = spaceless ? 0 : word + 1
    if (word > budget.maxWordChars) {
      return {
        problem: { rule: 'word-too-long', what: `a word over ${budget.maxWordChars} characters` },
      }
    }
    digits = DIGIT.test(char) ? digits + 1 : 0
    if (digits > budget.maxDigitRun) {
      return {
        problem: { rule: 'digit-run', what: `a run of more than ${budget.maxDigitRun} digits` },
      }
    }
    marks = MARK.test(char) ? marks + 1 : 0
    if (marks > budget.maxCombiningRun) {
      return {
        problem: {
          rule: 'combining-run',
          what: `more than ${budget.maxCombiningRun} combining marks in a row`,
        },
      }
    }
    if (script === 'Common' || script === 'Inherited') {
      // The kana prolonged-sound mark and the like: letters of no one script, switching nothing.
    } else if (script !== undefined) {
      const family = profile.sameScript.includes(script) ? 'native' : script
      if (lastScript !== undefined && family !== lastScript) switches++
      lastScript = family
      if (switches > budget.maxScriptSwitches) {
        return {
          problem: {
            rule: 'mixed-script-run',
            what: `a word changing script more than ${budget.maxScriptSwitches} times`,
          },
        }
      }
    } else if (!MARK.test(char) && !DIGIT.test(char)) {
      // Punctuation ends a run of letters ("東京、Osaka" is two runs).
      lastScript = undefined
      switches = 0
    }
  }
  return { bits, chars }
}
