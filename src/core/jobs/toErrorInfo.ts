import { CoreError } from '../CoreError'

/** The stable code and one-sentence message of any error, for storing and showing. */
export function toErrorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof CoreError) return { code: error.code, message: error.message }
  if (error instanceof Error) return { code: 'internal', message: error.message }
  return { code: 'internal', message: String(error) }
}
