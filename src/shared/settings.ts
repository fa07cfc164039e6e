import { z } from 'zod'

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
    .regex(/^(auto|[a-z]{2,3})$/, 'use "auto" or a language code such as "en"')
    .default('auto'),
  'transcribe.threads': z.number().int().min(1).max(64).nullable().default(null),
  'transcribe.initialPrompt': z.string().max(800).nullable().default(null),
  'jobs.concurrency': z.number().int().min(1).max(8).default(1),
  /** Whether uploads carry the recording's title (usually its file name). Off: names stay local. */
  'upload.includeTitles': z.boolean().default(false),
} as const

export type SettingKey = keyof typeof settingsSchema
export type Settings = { [K in SettingKey]: z.infer<(typeof settingsSchema)[K]> }

export const settingKeys = Object.keys(settingsSchema) as SettingKey[]

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingsSchema, key)
}
