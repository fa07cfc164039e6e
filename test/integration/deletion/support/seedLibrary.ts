import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Core } from '../../../../src/core/app'
import { firstRunFlag } from '../../../../src/core/api/firstRunFlag'
import { dataDirLayout } from '../../../../src/core/config/dataDirLayout'
import { readInstallId } from '../../../../src/core/sync/readInstallId'
import { seedRecording } from '../../../unit/sync/support/seedRecording'

export interface SeededRecording {
  id: string
  /** Lower-case words found nowhere else (FTS5 folds case, so its pages hold them this way). */
  words: string[]
  /** A run of bytes only this recording's staged media copy holds. */
  mediaRun: Buffer
  stagedPath: string
}

/** Words no dictionary and no other test has: letters and hex digits, one FTS5 token each. */
export function uniqueWords(count: number): string[] {
  return Array.from({ length: count }, () => `quokka${randomBytes(6).toString('hex')}`)
}

/**
 * One finished recording as web mode leaves it: its media copied to `imports/<uuid>/call.wav`,
 * a transcript whose lines carry unique words (and the phrases the trackers and summary pick up),
 * derived data, so every table that holds words has some.
 */
export function seedStagedRecording(core: Core): SeededRecording {
  const words = uniqueWords(3)
  const mediaRun = randomBytes(64)
  const folder = join(core.options.dataDir, dataDirLayout.imports, randomBytes(8).toString('hex'))
  mkdirSync(folder, { recursive: true })
  const stagedPath = join(folder, 'call.wav')
  writeFileSync(
    stagedPath,
    Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), randomBytes(4096), mediaRun]),
  )
  const id = seedRecording(core.recordings, {
    title: `Call about ${words[0]}`,
    sourcePath: stagedPath,
    // Long enough that its transcript fits the upload capacity bound (issue 10: 30 characters a
    // second of audio), so the --remote test can upload it.
    durationMs: 30_000,
    texts: [
      `Thanks for calling, this is ${words[0]} from support.`,
      `I want to cancel because the price of ${words[1]} is too high.`,
      `Our competitor ${words[2]} offered a better deal on pricing.`,
    ],
  })
  core.rederive(id)
  return { id, words, mediaRun, stagedPath }
}

/** Everything "Delete all data" must reach besides recordings: settings, meta, the token file. */
export function seedInstallation(core: Core, backendUrl: string | null): void {
  if (backendUrl !== null) core.settings.set('backend.url', backendUrl)
  core.settings.set('retention.days', 365)
  firstRunFlag.markDone(core.db, new Date('2026-11-20T10:00:00.000Z'))
  readInstallId(core.db)
  // What the desktop app's TokenVault writes (ciphertext from the OS keychain).
  writeFileSync(join(core.options.dataDir, dataDirLayout.backendToken), randomBytes(48))
}
