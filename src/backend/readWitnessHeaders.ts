import type { IncomingMessage } from 'node:http'

export interface WitnessHeaders {
  /** `Earshot-Audit-Head: seq.hash`, the attempt entry the client's gate wrote; null when absent. */
  head: { seq: number; hash: string } | null
  /** `Earshot-Install-Id`; null when absent (an upload's body names it too). */
  installId: string | null
}

/** Why a witness header was refused: the route answers 400 with it. */
export class WitnessHeaderError extends Error {}

const headPattern = /^([1-9][0-9]{0,14})\.([0-9a-f]{64})$/
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The two headers of witnessed heads (docs/handoff/h6.md). Both are optional, so older clients keep
 * working; a header that is present must be well formed, since a head the backend stores is
 * evidence and a mangled one would be worthless evidence.
 */
export function readWitnessHeaders(req: IncomingMessage): WitnessHeaders {
  const rawHead = single(req, 'earshot-audit-head')
  const rawInstall = single(req, 'earshot-install-id')
  let head: WitnessHeaders['head'] = null
  if (rawHead !== null) {
    const match = headPattern.exec(rawHead)
    const seq = Number(match?.[1])
    if (match?.[2] === undefined || !Number.isSafeInteger(seq)) {
      throw new WitnessHeaderError('Earshot-Audit-Head must be seq.hash (64 lowercase hex digits).')
    }
    head = { seq, hash: match[2] }
  }
  if (rawInstall !== null && !uuidPattern.test(rawInstall)) {
    throw new WitnessHeaderError('Earshot-Install-Id must be a UUID.')
  }
  return { head, installId: rawInstall?.toLowerCase() ?? null }
}

function single(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  if (value === undefined) return null
  if (typeof value !== 'string') throw new WitnessHeaderError(`${name} was sent more than once.`)
  return value
}
