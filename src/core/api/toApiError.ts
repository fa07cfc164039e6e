import { z } from 'zod'
import type { ApiError } from '../../shared/api'
import { CoreError } from '../CoreError'

/**
 * Any failure as a stable code and one sentence (STYLE.md "Errors are values at boundaries").
 * Only the core's own errors carry their message across: anything else (a Node fs error, a bug)
 * could name a path or internals, so the caller gets a generic sentence and the log gets the rest.
 */
export function toApiError(error: unknown, log: (error: unknown) => void): ApiError {
  if (error instanceof CoreError) return { code: error.code, message: error.message }
  if (error instanceof z.ZodError) {
    return { code: 'invalid-input', message: oneSentence(z.prettifyError(error)) }
  }
  log(error)
  return {
    code: 'internal',
    message: 'Something unexpected went wrong inside Earshot; the details are in its log.',
  }
}

function oneSentence(text: string): string {
  return text.replace(/\s*\n\s*(→\s*)?/g, ' ').trim()
}
