import type { z } from 'zod'

/** zod's built-in messages ("Too small: expected number to be >=1"): never shown to a person. */
const builtIn = /^(Invalid|Too (small|big)|Expected|Unrecognized|Required)/

/** "item 3 of" / "“name” of item 2 of": where inside a list or object the first problem sits. */
function placeOf(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `item ${part + 1} of ` : `“${String(part)}” of `))
    .reverse()
    .join('')
}

function noun(origin: string | undefined, count: number | bigint): string {
  const n = Number(count)
  if (origin === 'string') return n === 1 ? '1 character' : `${n} characters`
  if (origin === 'array' || origin === 'set') return n === 1 ? '1 entry' : `${n} entries`
  return String(count)
}

function problem(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? 'must not be empty'
        : `must be at least ${noun(issue.origin, issue.minimum)}`
    case 'too_big':
      return `must be at most ${noun(issue.origin, issue.maximum)}`
    case 'invalid_type':
      // zod says "received undefined" for a field left out of an object.
      if (/received undefined$/.test(issue.message)) return 'is missing'
      if (issue.expected === 'int') return 'must be a whole number'
      if (issue.expected === 'number') return 'must be a number'
      if (issue.expected === 'boolean') return 'must be on or off (true or false)'
      if (issue.expected === 'string') return 'must be text'
      if (issue.expected === 'array') return 'must be a list'
      return `must be a ${issue.expected}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => `“${String(value)}”`).join(', ')}`
    case 'invalid_format':
      if (issue.format === 'url') {
        return 'must be a web address such as https://earshot.example.com'
      }
      if (issue.format === 'date') return 'must be a day such as 2026-12-03'
      if (issue.format === 'datetime') return 'must be a time such as 2026-12-03T09:00:00Z'
      return builtIn.test(issue.message) ? 'is not written in a form Earshot reads' : issue.message
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `has a field Earshot does not know, “${issue.keys[0] ?? ''}”`
        : `has fields Earshot does not know: ${issue.keys.map((key) => `“${key}”`).join(', ')}`
    default:
      // Our own messages (a refine, a regex hint) are written for people: keep them.
      return builtIn.test(issue.message) ? 'is not a valid value' : issue.message
  }
}

/**
 * One sentence for a value the settings schema refused, naming the setting as the reader knows it
 * (its key in the CLI, its label on the Settings screen): "Threads per transcription must be at
 * least 1." Only the first problem is told; fixing it shows the next.
 */
export function describeInvalidSetting(label: string, error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return `${label} is not a valid value.`
  const where = placeOf(issue.path)
  const subject = where === '' ? label : `${where.charAt(0).toUpperCase()}${where.slice(1)}${label}`
  const sentence = `${subject} ${problem(issue)}`
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}
