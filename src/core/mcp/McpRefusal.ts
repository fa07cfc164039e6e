/**
 * Why `earshot mcp` answers a request with an error instead of data: one sentence for the client
 * (and its user) to act on. `not-found` covers recordings outside the scope too, so a client cannot
 * tell a recording it may not see from one that does not exist.
 */
export type McpRefusalCode = 'turned-off' | 'not-found' | 'invalid-input' | 'unknown-tool'

export class McpRefusal extends Error {
  constructor(
    readonly code: McpRefusalCode,
    message: string,
  ) {
    super(message)
    this.name = 'McpRefusal'
  }
}
