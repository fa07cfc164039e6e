import { CoreError } from '../CoreError'

export type AnalyticsErrorCode = 'invalid-event' | 'invalid-config'

/** A programming error at the analytics boundary; messages never echo the refused values. */
export class AnalyticsError extends CoreError {
  declare readonly code: AnalyticsErrorCode
}
