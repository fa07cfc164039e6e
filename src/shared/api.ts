import { z } from 'zod'
import { RecordingSummary } from './domain'

/**
 * The API contract as data: channel → input and output schema. The preload, the main-process
 * handlers and the web bridge are all built from this one map (STYLE.md "One contract, three transports").
 */
export const api = {
  'app.version': { input: z.void(), output: z.object({ version: z.string() }) },
  'recordings.list': { input: z.void(), output: z.array(RecordingSummary) },
} as const

export type Api = typeof api
export type Channel = keyof Api
export type Input<C extends Channel> = z.infer<Api[C]['input']>
export type Output<C extends Channel> = z.infer<Api[C]['output']>

export const ApiError = z.object({ code: z.string(), message: z.string() })
export type ApiError = z.infer<typeof ApiError>
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** What the renderer sees as `window.earshot`. */
export type EarshotApi = { [C in Channel]: (input: Input<C>) => Promise<ApiResult<Output<C>>> }
