import type { ApiResult, Channel, Input, Output } from '../../../shared/api'

/** An API call's `{ok:false}` as a thrown error, for code that shows one message either way. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  // TypeScript cannot correlate a generic channel with its entry in the mapped type.
  const invoke = window.earshot[channel] as unknown as (
    input: Input<C>,
  ) => Promise<ApiResult<Output<C>>>
  const result = await invoke(input)
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message)
  return result.value
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
