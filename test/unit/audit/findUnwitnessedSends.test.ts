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
})
