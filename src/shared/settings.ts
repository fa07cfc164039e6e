import { z } from 'zod'
import { DEFAULT_COMPETITORS } from './defaultCompetitors'
import { CompetitorName, TrackerDefinition } from './signals'

/**
 * Every user setting, its type and default. `earshot config set` and the Settings screen validate
 * against this one schema. Secrets (the backend token) are never settings: they live in the OS keychain
 * (desktop) or the environment (CLI).
 */
export const settingsSchema = {
  'backend.url': z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
  'analytics.enabled': z.boolean().default(false),
  'media.backend': z.enum(['auto', 'native', 'wasm']).default('auto'),
  'media.ffmpegPath': z.string().min(1).nullable().default(null),
  'model.path': z.string().min(1).nullable().default(null),
  'transcribe.language': z
    .string()
    .regex(/^(auto|[a-z]{2,3})$/, 'must be "auto" or a language code such as "en"')
    .default('auto'),
  'transcribe.threads': z.number().int().min(1).max(64).nullable().default(null),
  'transcribe.initialPrompt': z.string().max(800).nullable().default(null),
  'jobs.concurrency': z.number().int().min(1).max(8).default(1),
  /**
   * Which channel of two-channel recordings is the user, where the recorder is known (many call
   * recorders put the local microphone on the left): that channel's speaker is named "You".
   */
  'speakers.meChannel': z.enum(['none', 'left', 'right']).default('none'),
  /** Whether uploads carry the recording's title (usually its file name). Off: names stay local. */
  'upload.includeTitles': z.boolean().default(false),
  /** Recordings imported more than this many days ago are deleted with all derived data; null keeps them. */
  'retention.days': z.number().int().min(1).max(36_500).nullable().default(null),
  /**
   * Competitor names, matched whole-word as phrases of the `competitor` tracker. Starts as the
   * shipped list (DEFAULT_COMPETITORS); an empty list turns competitor signals off.
   */
  'signals.competitors': z
    .array(CompetitorName)
    .max(500)
    .default(() => [...DEFAULT_COMPETITORS]),
  /**
   * The user's own product, asked on first run: never counted as a competitor (even when it is on
   * the list), and named in Insights so "you vs them" reads right. Null until the user says.
   */
  'signals.ownProduct': CompetitorName.nullable().default(null),
  /** The user's own trackers; one with a default tracker's id replaces that default. */
  'signals.custom': z
    .array(TrackerDefinition)
    .max(100)
    .refine((trackers) => new Set(trackers.map((t) => t.id)).size === trackers.length, {
      message: 'must not use a tracker id twice',
    })
    .default(() => []),
  /** Whether personal data is redacted from what is uploaded (the local transcript keeps it). */
  'redaction.enabled': z.boolean().default(true),
  /** Names and terms redacted as whole words, case-insensitive, in addition to detected PII. */
  'redaction.terms': z
    .array(z.string().trim().min(1).max(200))
    .max(1000)
    .default(() => []),
  /**
   * Whether `earshot mcp` answers LLM clients. Off until the user turns it on: what a client is
   * shown usually goes on to a cloud model, so, like uploads and analytics, it is opt-in. Read on
   * every request: turning it off stops a running server's answers at once.
   */
  'mcp.enabled': z.boolean().default(false),
  /**
   * Which recordings `earshot mcp` may show: every one, those imported in the window `mcp.from` …
   * `mcp.to` (days, both included, either open), or those the user marked with `earshot share`.
   */
  'mcp.scope': z.enum(['all', 'window', 'shareable']).default('all'),
  'mcp.from': z.iso.date().nullable().default(null),
  'mcp.to': z.iso.date().nullable().default(null),
} as const

export type SettingKey = keyof typeof settingsSchema
export type Settings = { [K in SettingKey]: z.infer<(typeof settingsSchema)[K]> }

export const settingKeys = Object.keys(settingsSchema) as SettingKey[]

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingsSchema, key)
}

/**
 * Settings that decide where data goes or what Earshot runs or loads: the upload destination, the
 * ffmpeg program, the whisper model file. The desktop app and web mode change them only after the
 * user confirms outside the page (a native dialog; the terminal running `earshot web`), because a
 * page session alone (a stolen one, a script in the page) must not be able to re-point uploads or
 * plant a program. `earshot config set` is the user at their terminal and sets them directly.
 */
export const confirmedSettingKeys: readonly SettingKey[] = [
  'backend.url',
  'media.ffmpegPath',
  'model.path',
]
