import { CoreError } from '../core/CoreError'

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends CoreError {
  constructor(message: string) {
    super('usage', message)
  }
}
