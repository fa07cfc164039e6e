import type { RecordingStore } from '../../src/core/store/RecordingStore'

type NewRecording = Parameters<RecordingStore['insert']>[0]

/**
 * A finished one-minute WAV recording's row named after `id`, for store tests that need rows, not
 * media; `overrides` sets what a test is about (import time, status, size).
 */
export function recordingRow(id: string, overrides: Partial<NewRecording> = {}): NewRecording {
  return {
    id,
    title: `call ${id}`,
    sourcePath: `/calls/${id}.wav`,
    sourceSha256: id.padEnd(64, '0'),
    bytes: 1000,
    container: 'wav',
    durationMs: 60_000,
    channels: 1,
    importedAt: '2025-01-01T00:00:00.000Z',
    status: 'done',
    ...overrides,
  }
}
