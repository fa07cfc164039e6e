/**
 * Base of the core's typed errors. `code` is stable (scripts match on it); `message` is one sentence a
 * user can act on. Edges (CLI, IPC, HTTP) print the message and carry the code.
 */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }
}
