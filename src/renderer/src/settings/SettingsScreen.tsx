import { useEffect, useState } from 'react'
import type { Output } from '../../../shared/api'
import { settingKeys, type SettingKey } from '../../../shared/settings'
import { call, messageOf } from '../bridge/call'
import { settingFields } from './settingFields'
import { SettingRow } from './SettingRow'

type Settings = Output<'settings.get'>

/** Known settings in the order the field table lists them, any newer ones after. */
const orderedKeys: SettingKey[] = [
  ...(Object.keys(settingFields) as SettingKey[]),
  ...settingKeys.filter((key) => !(key in settingFields)),
]

export function SettingsScreen() {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    call('settings.get', undefined).then(setSettings, (failure: unknown) => {
      setError(messageOf(failure))
    })
  }, [])

  const save = async (key: SettingKey, value: unknown): Promise<string | null> => {
    try {
      setSettings(await call('settings.set', { key, value }))
      return null
    } catch (failure) {
      return messageOf(failure)
    }
  }

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Settings</h1>
      </header>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {settings !== null && (
        <div className="settings">
          {orderedKeys.map((key) => (
            <SettingRow key={key} settingKey={key} value={settings[key]} onSave={save} />
          ))}
        </div>
      )}
    </div>
  )
}
