import { z } from 'zod'

/**
 * Where the backend token is kept: the OS keychain (desktop, Electron safeStorage) or this
 * process's memory (web mode: for the session, or from EARSHOT_BACKEND_TOKEN). Never a setting.
 * 'basic-text': a Linux desktop with no secret service (no GNOME Keyring or KWallet), where
 * safeStorage falls back to a key hard-coded in Chromium; the UI should warn that any program
 * running as this user can read the token.
 */
export const TokenStorage = z.enum(['keychain', 'basic-text', 'memory'])
export type TokenStorage = z.infer<typeof TokenStorage>

export const BackendStatus = z.object({
  url: z.string().nullable(),
  /** Whether a token is set; the token itself never goes back to the page. */
  tokenSet: z.boolean(),
  tokenStorage: TokenStorage,
})
export type BackendStatus = z.infer<typeof BackendStatus>

/** RFC 6750 b64token, as the egress gate accepts it (16 to 512 characters). */
export const BackendToken = z
  .string()
  .regex(/^[A-Za-z0-9\-._~+/]{16,512}=*$/, 'a token is 16 to 512 letters, digits or -._~+/')

export const BackendCheck = z.object({
  url: z.string(),
  schemaVersion: z.number().int(),
  latencyMs: z.number().int().nonnegative(),
})
export type BackendCheck = z.infer<typeof BackendCheck>

/**
 * One in-app model download (`models.download`), as the page shows it: pushed as a
 * `model-download` event while it runs. Speed and time left are null until there is a measure.
 */
export const ModelDownloadView = z.object({
  name: z.string(),
  state: z.enum(['downloading', 'done', 'failed', 'cancelled']),
  /** On disk so far, a resumed prefix included. */
  bytes: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  /** Where this attempt started: more than 0 when it resumed an earlier one. */
  resumedFrom: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative().nullable(),
  secondsLeft: z.number().nonnegative().nullable(),
  /** Set when `state` is 'failed': one sentence. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type ModelDownloadView = z.infer<typeof ModelDownloadView>

/** A whisper model of the catalogue, and whether `earshot model download` already fetched it. */
export const ModelChoice = z.object({
  name: z.string(),
  bytes: z.number().int().positive(),
  /** The command that downloads it (through the egress gate, audited). */
  command: z.string(),
  /** Where the download lands; present when the file is already there. */
  downloadedPath: z.string().nullable(),
  /** Why this is the model to pick on this computer for the set language; null on the others. */
  recommendation: z.string().nullable(),
  /** Bytes an earlier, stopped download left behind: the next download resumes from there. */
  partialBytes: z.number().int().nonnegative(),
  /** The download the app is running or last ran for this model, since it started. */
  download: ModelDownloadView.nullable(),
})
export type ModelChoice = z.infer<typeof ModelChoice>

export const FirstRunState = z.object({ done: z.boolean() })

/** Typed by the person deleting everything, so it cannot happen by a stray click. */
export const DELETE_ALL_PHRASE = 'delete everything'
