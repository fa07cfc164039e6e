import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { TranscribeError } from '../../../src/core/transcribe/TranscribeError'
import type { WhisperWorkerHandle } from '../../../src/core/transcribe/WhisperWorkerHandle'
import { WhisperWorkerSession } from '../../../src/core/transcribe/WhisperWorkerSession'

// A real full GC, so the test sees what the collector can free, not what it happened to.
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

/** A worker that stays alive and says nothing: only the session's own bookkeeping is tested. */
function silentWorker(): WhisperWorkerHandle & { exit(): void } {
  let onExit: ((code: number | null, signal: string | null) => void) | undefined
  return {
    pid: undefined,
    send: () => undefined,
    onMessage: () => undefined,
    onExit: (listener) => (onExit = listener),
    kill: () => setTimeout(() => onExit?.(null, 'SIGKILL'), 0),
    exit: () => onExit?.(0, null),
  }
}

/** Awaits `count` 120 s windows through the session; returns weak handles only. */
async function awaitWindows(
  session: WhisperWorkerSession,
  count: number,
): Promise<WeakRef<Float32Array>[]> {
  const windows: WeakRef<Float32Array>[] = []
  for (let i = 0; i < count; i++) {
    const window = new Float32Array(16_000 * 120)
    windows.push(new WeakRef(window))
    expect(await session.untilFailed(Promise.resolve(window))).toBe(window)
  }
  return windows
}

describe('WhisperWorkerSession.untilFailed', () => {
  it('lets each awaited window be collected while the session lives on', async () => {
    const session = new WhisperWorkerSession(silentWorker(), 60_000)
    const windows = await awaitWindows(session, 20)
    // Let the settled promises' reactions run, then collect.
    await new Promise((resolve) => setTimeout(resolve, 0))
    collect()
    expect(windows.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    session.kill(new TranscribeError('cancelled', 'done'))
    await session.whenExited()
  })

  it('rejects a pending wait with the session failure, and later waits at once', async () => {
    const session = new WhisperWorkerSession(silentWorker(), 60_000)
    const never = new Promise<never>(() => undefined)
    const waiting = session.untilFailed(never)
    session.kill(new TranscribeError('cancelled', 'Transcription was cancelled.'))
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    await expect(session.untilFailed(Promise.resolve(1))).rejects.toMatchObject({
      code: 'cancelled',
    })
    await session.whenExited()
  })

  it('passes a rejection of the awaited promise through', async () => {
    const session = new WhisperWorkerSession(silentWorker(), 60_000)
    await expect(session.untilFailed(Promise.reject(new Error('source broke')))).rejects.toThrow(
      'source broke',
    )
    session.kill(new TranscribeError('cancelled', 'done'))
    await session.whenExited()
  })
})
