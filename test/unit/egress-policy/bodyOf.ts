/** A request body as the gate receives it: UTF-8 JSON bytes. */
export function bodyOf(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8')
}

/** A transcript upload shaped like src/shared/upload.ts, around the given segment texts. */
export function uploadWith(texts: readonly string[], extra: Record<string, unknown> = {}): unknown {
  return {
    schemaVersion: 1,
    recordingId: '3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d',
    title: 'Q3 renewal call',
    durationMs: texts.length * 4300,
    language: 'en',
    createdAt: '2025-03-14T15:30:00.000Z',
    segments: texts.map((text, i) => ({
      startMs: i * 4300,
      endMs: i * 4300 + 4200,
      speaker: i % 2 === 0 ? 'Alice' : 'Bob',
      text,
      confidence: 0.91,
    })),
    summary: null,
    signals: [],
    metrics: null,
    client: { appVersion: '0.1.0', installId: '0b9e7c55-2f7a-4c1d-9e3b-6a8f4d2c1b0e' },
    ...extra,
  }
}
