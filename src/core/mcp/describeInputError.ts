import type { z } from 'zod'

/** A zod failure of a tool's arguments as one sentence: the first problem, and how many more. */
export function describeInputError(tool: string, error: z.ZodError): string {
  const [first, ...rest] = error.issues
  if (first === undefined) return `The arguments for ${tool} are not valid.`
  const path = first.path.map(String).join('.')
  const message = first.message.replace(/\s+/g, ' ').replace(/[.\s]+$/, '')
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more)`
  return path === ''
    ? `The arguments for ${tool} are not valid: ${message}${more}.`
    : `The argument '${path}' for ${tool} is not valid: ${message}${more}.`
}
