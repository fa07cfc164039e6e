import { describeInvalidSetting } from '../../shared/describeInvalidSetting'
import { settingKeys, settingsSchema, type SettingKey, type Settings } from '../../shared/settings'
import { checkSettingValue } from '../config/checkSettingValue'
import { CoreError } from '../CoreError'
import type { Db } from './openDatabase'
import { cachedStatement } from './cachedStatement'

/**
 * User settings as JSON values, validated by the shared schema on the way in and out. Whether a
 * caller may change a setting at all (confirmedSettingKeys) is the transports' question, not this.
 */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get<K extends SettingKey>(key: K): Settings[K] {
    const row = cachedStatement(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    const schema = settingsSchema[key]
    const parsed = schema.safeParse(row === undefined ? undefined : JSON.parse(row.value))
    // A value an older version stored that no longer validates falls back to the default.
    return (parsed.success ? parsed.data : schema.parse(undefined)) as Settings[K]
  }

  all(): Settings {
    return Object.fromEntries(settingKeys.map((key) => [key, this.get(key)])) as Settings
  }

  set<K extends SettingKey>(key: K, value: unknown): Settings[K] {
    const parsed = settingsSchema[key].safeParse(value)
    if (!parsed.success) {
      throw new CoreError('invalid-setting', describeInvalidSetting(key, parsed.error))
    }
    // A program to run, a model file, a destination: checked now, not first at the next import.
    checkSettingValue(key, parsed.data)
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(parsed.data))
    return parsed.data as Settings[K]
  }
}
