import { afterEach } from 'vitest'
import { Core } from '../../../../src/core/app'
import { createApiHandlers, type ApiService } from '../../../../src/core/api/createApiHandlers'
import type { ApiResult } from '../../../../src/shared/api'
import { scriptedConfirmer } from '../../../support/scriptedConfirmer'
import { useTempDir } from '../../../support/tempDir'

/**
 * A real core in a fresh data folder with the API handlers on it, disposed after each test. No
 * backend token: tests that upload set one through the API.
 */
export function useApiCore(): () => { core: Core; service: ApiService } {
  const tempDir = useTempDir()
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return () => {
    const core = new Core({
      dataDir: tempDir(),
      env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' },
    })
    // The user says yes to every sensitive change here; the refusals have their own tests.
    const service = createApiHandlers(core, {
      log: () => undefined,
      confirmer: scriptedConfirmer(true),
    })
    cleanups.push(async () => {
      await service.dispose()
      await core.dispose()
    })
    return { core, service }
  }
}

/** The value of a successful call; a failed one throws with its code, so the test shows why. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function valueOf<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

/** Fixture lines appended as a job would store them: two seconds apart, 1.8 s long each. */
export function appendLines(
  core: Core,
  id: string,
  lines: readonly { speaker: string | null; text: string }[],
): void {
  lines.forEach((line, i) => {
    core.recordings.appendSegment(id, {
      startMs: i * 2000,
      endMs: i * 2000 + 1800,
      text: line.text,
      speaker: line.speaker,
      confidence: 0.9,
    })
  })
}
