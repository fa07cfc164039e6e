import { LibraryScreen } from './library/LibraryScreen'
import { RecordingScreen } from './recording/RecordingScreen'
import { useRoute } from './routing/useRoute'
import { SettingsScreen } from './settings/SettingsScreen'

export function App() {
  const route = useRoute()
  return (
    <>
      <nav className="topbar" aria-label="Main">
        <span className="brand">Earshot</span>
        <a href="#/" aria-current={route.name !== 'settings' ? 'page' : undefined}>
          Library
        </a>
        <a href="#/settings" aria-current={route.name === 'settings' ? 'page' : undefined}>
          Settings
        </a>
        <span className="topbar-note">Transcribed on this device</span>
      </nav>
      <main>
        {route.name === 'library' && <LibraryScreen />}
        {route.name === 'recording' && (
          <RecordingScreen
            key={route.id}
            id={route.id}
            initialQuery={route.q}
            focusIdx={route.line}
          />
        )}
        {route.name === 'settings' && <SettingsScreen />}
      </main>
    </>
  )
}
