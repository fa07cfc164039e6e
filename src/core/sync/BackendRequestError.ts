import { CoreError } from '../CoreError'

/** The backend answered, but not with success. `status` is its HTTP status. */
export class BackendRequestError extends CoreError {
  constructor(
    readonly status: number,
    message: string,
    /** The backend's own error code from its JSON body, when it sent one. */
    readonly backendCode: string | null,
  ) {
    super(status >= 500 ? 'backend-unavailable' : 'backend-rejected', message)
  }
}
