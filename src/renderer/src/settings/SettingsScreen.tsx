import { useEffect, useState } from 'react'
import type { Output } from '../../../shared/api'
import { settingKeys, type SettingKey } from '../../../shared/settings'
import { call, messageOf } from '../bridge/call'
import { BackendPanel } from './BackendPanel'
import { DeleteAllPanel } from './DeleteAllPanel'
import { ModelPanel } from './ModelPanel'
import { OsNetworkWallPanel } from './OsNetworkWallPanel'
import { StorageEncryptionPanel } from './StorageEncryptionPanel'
import { VoiceProfilePanel } from './VoiceProfilePanel'
import { settingFields } from './settingFields'
import { SettingRow } from './SettingRow'

type Settings = Output<'settings.get'>

/** Settings with a panel of their own (a connection test, the model catalogue). */
const paneled: ReadonlySet<SettingKey> = new Set(['backend.url', 'model.path'])

/** Known settings in the order the field table lists them, any newer ones after. */
const orderedKeys: SettingKey[] = [
  ...(Object.keys(settingFields) as SettingKey[]),
  ...settingKeys.filter((key) => !(key in settingFields)),
].filter((key) => !paneled.has(key))

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
      <section aria-labelledby="settings-backend">
        <h2 id="settings-backend">Backend</h2>
        <BackendPanel />
      </section>
      <section aria-labelledby="settings-model">
        <h2 id="settings-model">Transcription model</h2>
        <ModelPanel />
      </section>
      <section aria-labelledby="settings-privacy">
        <h2 id="settings-privacy">Privacy enforcement</h2>
        <OsNetworkWallPanel />
        <StorageEncryptionPanel />
      </section>
      <section aria-labelledby="settings-voice">
        <h2 id="settings-voice">Your voice</h2>
        <VoiceProfilePanel />
      </section>
      {settings !== null && (
        <section aria-labelledby="settings-general">
          <h2 id="settings-general">Everything else</h2>
          <div className="settings">
            {orderedKeys.map((key) => (
              <SettingRow key={key} settingKey={key} value={settings[key]} onSave={save} />
            ))}
          </div>
        </section>
      )}
      <DeleteAllPanel />
    </div>
  )
}
