import { describe, expect, it } from 'vitest'
import { findUnwitnessedSends, type SendRecord } from '../../../src/core/audit/findUnwitnessedSends'

const backend = 'https://b.example/'
const hash = (seq: number) => seq.toString(16).padStart(64, '0')

/** An upload (or deletion) as the gate writes it: the attempt, then its outcome. */
function send(seq: number, status: number | null, purpose: 'upload' | 'deletion' = 'upload') {
  const route =
    purpose === 'upload'
      ? { method: 'POST', destination: `${backend}v1/transcripts` }
      : {
          method: 'DELETE',
          destination: `${backend}v1/transcripts/0b4e7c9a-6a59-4a3e-8f7e-3d2b1c0a9f8e`,
        }
  const attempt: SendRecord = {
    seq,
    hash: hash(seq),
    kind: 'attempt',
    purpose,
    status: null,
    ...route,
  }
  const outcome: SendRecord = {
    seq: seq + 1,
    hash: hash(seq + 1),
    kind: 'outcome',
    purpose,
    status,
    ...route,
  }
  return [attempt, outcome]
}

/** An attempt or outcome of an upload of `recording` (its payload hash `sha`), as form 2 stores it. */
function entry(
  seq: number,
  kind: 'attempt' | 'outcome',
  recording: string,
  options: { status?: number | null; sha?: string } = {},
): SendRecord {
  const sha = options.sha ?? `${recording}-payload`
  return {
    seq,
    hash: hash(seq),
    kind,
    purpose: 'upload',
    method: 'POST',
    destination: `${backend}v1/transcripts`,
    status: options.status ?? null,
    recording_id: recording,
    payload_sha256: kind === 'attempt' ? sha : null,
    // An outcome's payload is the receipt, which names the hash of the payload it stored.
    payload:
      kind === 'outcome' && options.status === 201
        ? new TextEncoder().encode(JSON.stringify({ id: recording, payloadSha256: sha }))
        : null,
  }
}

const heads = (...seqs: number[]) => ({
  backend,
  heads: seqs.map((seq) => ({ seq, hash: hash(seq) })),
})

describe('findUnwitnessedSends', () => {
  it('accepts a log whose every accepted send the backend saw', () => {
    const log = [...send(1, 201), ...send(3, 200, 'deletion')]
    expect(findUnwitnessedSends(log, heads(1, 3))).toBeNull()
  })

  it('names the first accepted send the backend never saw', () => {
    const log = [...send(1, 201), ...send(3, 201), ...send(5, 200, 'deletion')]
    expect(findUnwitnessedSends(log, heads(1))).toMatchObject({ seq: 3 })
  })

  it('does not judge refused or failed sends, sends before the first head, or other backends', () => {
    const elsewhere: SendRecord[] = send(9, 201).map((entry) => ({
      ...entry,
      destination: 'https://other.example/v1/transcripts',
    }))
    const log = [...send(1, 201), ...send(3, 201), ...send(5, 503), ...send(7, null), ...elsewhere]
    expect(findUnwitnessedSends(log, heads(3))).toBeNull()
    expect(findUnwitnessedSends(log, heads())).toBeNull()
  })

  it('pairs each outcome with its own attempt whatever order a batch was written in', () => {
    // Three uploads of a batch, attempts written in the order sent; the third never arrived.
    const sentOrder = [
      entry(1, 'attempt', 'r1'),
      entry(2, 'attempt', 'r2'),
      entry(3, 'attempt', 'r3'),
      entry(4, 'outcome', 'r1', { status: 201 }),
      entry(5, 'outcome', 'r2', { status: 201 }),
      entry(6, 'outcome', 'r3', { status: null }),
    ]
    expect(findUnwitnessedSends(sentOrder, heads(1, 2))).toBeNull()
    // The same batch with its attempts written last-sent first.
    const reversed = [
      entry(1, 'attempt', 'r3'),
      entry(2, 'attempt', 'r2'),
      entry(3, 'attempt', 'r1'),
      entry(4, 'outcome', 'r1', { status: 201 }),
      entry(5, 'outcome', 'r2', { status: 201 }),
      entry(6, 'outcome', 'r3', { status: null }),
    ]
    expect(findUnwitnessedSends(reversed, heads(3, 2))).toBeNull()
  })

  it('judges every accepted send of a batch, not only the last attempt on the route', () => {
    const log = [
      entry(1, 'attempt', 'r1'),
      entry(2, 'attempt', 'r2'),
      entry(3, 'attempt', 'r3'),
      entry(4, 'outcome', 'r1', { status: 201 }),
      entry(5, 'outcome', 'r2', { status: 201 }),
      entry(6, 'outcome', 'r3', { status: 201 }),
    ]
    // The backend saw r1 and r3: the 201 recorded for r2 is an acceptance it never gave.
    expect(findUnwitnessedSends(log, heads(1, 3))).toMatchObject({ seq: 2 })
    expect(findUnwitnessedSends(log, heads(1, 2, 3))).toBeNull()
  })

  it('two open attempts of one recording: the receipt names the payload it answers', () => {
    const log = [
      entry(1, 'attempt', 'r1', { sha: 'first' }),
      entry(2, 'attempt', 'r1', { sha: 'second' }),
      entry(3, 'outcome', 'r1', { status: 201, sha: 'first' }),
      entry(4, 'outcome', 'r1', { status: 503 }),
    ]
    // The backend saw only the first; its 201 is the first's, the 503 the second's.
    expect(findUnwitnessedSends(log, heads(1))).toBeNull()
    // Had the backend seen only the second, the recorded 201 (for the first) is forged.
    expect(findUnwitnessedSends(log, heads(2))).toBeNull() // the first is before the first head
    expect(findUnwitnessedSends([entry(0, 'attempt', 'r0'), ...log], heads(0, 2))).toMatchObject({
      seq: 1,
    })
  })
})
