import type { UploadStateView } from '../../../shared/uploadViews'

export const uploadStateLabel: Record<UploadStateView, string> = {
  'not-sent': 'Not sent',
  queued: 'Queued',
  sending: 'Sending',
  done: 'Uploaded',
  failed: 'Failed',
}

/** A queued row that already failed once is waiting to retry; the reason is worth showing. */
export function describeUploadState(state: UploadStateView, hasError: boolean): string {
  if (state === 'queued' && hasError) return 'Retrying soon'
  return uploadStateLabel[state]
}
