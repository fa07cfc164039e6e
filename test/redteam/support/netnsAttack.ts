import type { EventEmitter } from 'node:events'
import {
  installTripwire,
  isTripwireInstalled,
  type TripwireTrip,
} from '../../../src/core/egress/tripwire'

/**
 * Imported by attack scripts run through test/redteam/support/netns.ts, after the tripwire (so
 * this adds a listener to the tripwire as installed, and nothing else). Each `attempt` prints one
 * `ATTEMPT {json}` line: what the road did, and how many trips the tripwire counted meanwhile.
 */
export const target = process.env.TARGET_HOST ?? '198.18.0.1'

const trips: TripwireTrip[] = []
// Only a listener: without a tripwire (the control runs), this installs none.
if (isTripwireInstalled()) installTripwire({ onTrip: (trip) => trips.push(trip) })

export interface AttemptOutcome {
  name: string
  /** 'refused': threw or emitted an error; 'open': connected, sent or listened. */
  result: 'refused' | 'open'
  code?: string
  message?: string
  trips: number
}

/**
 * Runs one road. `open` returns an emitter (socket, request, server) or a promise; the outcome is
 * its first `error` (refused) or success event (open), or a thrown error (refused).
 */
export async function attempt(name: string, open: () => unknown): Promise<AttemptOutcome> {
  const before = trips.length
  let outcome: Omit<AttemptOutcome, 'name' | 'trips'>
  try {
    const opened = open()
    outcome = await settle(opened)
  } catch (error) {
    outcome = refusal(error)
  }
  const result = { name, ...outcome, trips: trips.length - before }
  process.stdout.write(`ATTEMPT ${JSON.stringify(result)}\n`)
  return result
}

function settle(opened: unknown): Promise<Omit<AttemptOutcome, 'name' | 'trips'>> {
  if (opened instanceof Promise) {
    return opened.then(
      () => ({ result: 'open' as const }),
      (error: unknown) => refusal(error),
    )
  }
  const emitter = opened as EventEmitter | undefined
  if (typeof emitter?.once !== 'function') return Promise.resolve({ result: 'open' })
  return new Promise((resolve) => {
    const done = (outcome: Omit<AttemptOutcome, 'name' | 'trips'>) => {
      resolve(outcome)
      ;(emitter as { destroy?: () => void; close?: () => void }).destroy?.()
    }
    emitter.once('error', (error: unknown) => {
      done(refusal(error))
    })
    for (const event of ['connect', 'secureConnect', 'response', 'listening']) {
      emitter.once(event, () => {
        done({ result: 'open' })
      })
    }
    setTimeout(() => {
      done({ result: 'refused', code: 'no-answer' })
    }, 3_000)
  })
}

function refusal(error: unknown): Omit<AttemptOutcome, 'name' | 'trips'> {
  // fetch wraps a connector's error: TypeError('fetch failed', { cause }).
  let inner: unknown = error
  while (inner instanceof Error && !('code' in inner) && inner.cause !== undefined) {
    inner = inner.cause
  }
  const code = (inner as { code?: unknown } | undefined)?.code
  return {
    result: 'refused',
    ...(typeof code === 'string' && { code }),
    message: inner instanceof Error ? inner.message : String(inner),
  }
}

/** Lets late packets go out before the process ends (arrivals are counted after exit). */
export function linger(ms = 200): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
