import { lazy, Suspense, useEffect, useState } from 'react'
import { AuditScreen } from './audit/AuditScreen'
import { call } from './bridge/call'
import { FirstRunScreen } from './firstrun/FirstRunScreen'
import { LibraryScreen } from './library/LibraryScreen'
import { RecordingScreen } from './recording/RecordingScreen'
import { ReviewScreen } from './review/ReviewScreen'
import type { Route } from './routing/parseRoute'
import { useRoute } from './routing/useRoute'
import { SettingsScreen } from './settings/SettingsScreen'

// The chart library is most of the bundle: it loads when Insights is first opened, not at start.
const InsightsScreen = lazy(() =>
  import('./insights/InsightsScreen').then((m) => ({ default: m.InsightsScreen })),
)

const sections: { href: string; label: string; isCurrent: (route: Route) => boolean }[] = [
  {
    href: '#/',
    label: 'Library',
    isCurrent: (r) => r.name === 'library' || r.name === 'recording',
  },
  { href: '#/insights', label: 'Insights', isCurrent: (r) => r.name === 'insights' },
  { href: '#/review', label: 'Review & Upload', isCurrent: (r) => r.name === 'review' },
  { href: '#/audit', label: 'Audit Log', isCurrent: (r) => r.name === 'audit' },
  { href: '#/settings', label: 'Settings', isCurrent: (r) => r.name === 'settings' },
]

export function App() {
  const route = useRoute()
  // null until known, so the library never flashes before the first-run questions.
  const [firstRunDone, setFirstRunDone] = useState<boolean | null>(null)

  useEffect(() => {
    call('firstRun.state', undefined).then(
      ({ done }) => {
        setFirstRunDone(done)
      },
      // Without an answer (an old core, a lost session) the app itself is the better place to be.
      () => {
        setFirstRunDone(true)
      },
    )
  }, [])

  return (
    <>
      {/* A button, not `href="#main"`: the hash is the route. */}
      <button
        type="button"
        className="skip-link"
        onClick={() => document.getElementById('main')?.focus()}
      >
        Skip to content
      </button>
      <nav className="topbar" aria-label="Main">
        <span className="brand">Earshot</span>
        {firstRunDone === true &&
          sections.map((section) => (
            <a
              key={section.href}
              href={section.href}
              aria-current={section.isCurrent(route) ? 'page' : undefined}
            >
              {section.label}
            </a>
          ))}
        <span className="topbar-note">Transcribed on this device</span>
      </nav>
      <main id="main" tabIndex={-1}>
        {firstRunDone === false && (
          <FirstRunScreen
            onDone={() => {
              setFirstRunDone(true)
            }}
          />
        )}
        {firstRunDone === true && <Screen route={route} />}
      </main>
    </>
  )
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'library':
      return <LibraryScreen />
    case 'recording':
      return (
        <RecordingScreen
          key={route.id}
          id={route.id}
          initialQuery={route.q}
          focusIdx={route.line}
        />
      )
    case 'review':
      return <ReviewScreen selectedId={route.id} />
    case 'audit':
      return <AuditScreen />
    case 'insights':
      return (
        <Suspense fallback={<p className="screen muted">Loading…</p>}>
          <InsightsScreen />
        </Suspense>
      )
    case 'settings':
      return <SettingsScreen />
  }
}
