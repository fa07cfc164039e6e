import type { RecordingStatus } from '../../../shared/domain'

export const statusLabel: Record<RecordingStatus, string> = {
  queued: 'Queued',
  decoding: 'Decoding',
  transcribing: 'Transcribing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

export function isActive(status: RecordingStatus): boolean {
  return status === 'queued' || status === 'decoding' || status === 'transcribing'
}
