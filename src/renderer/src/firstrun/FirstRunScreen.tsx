import { useEffect, useRef, useState } from 'react'
import { call, messageOf } from '../bridge/call'
import { BackendPanel } from '../settings/BackendPanel'
import { ModelPanel } from '../settings/ModelPanel'
import { AnalyticsChoice } from './AnalyticsChoice'

/**
 * Shown once, before the library: analytics (off unless chosen), the backend (or not yet), the
 * model and the user's own product name (so it is never a competitor). Every part can be skipped and changed later in Settings.
 */
export function FirstRunScreen({ onDone }: { onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [analytics, setAnalytics] = useState(false)
  const [product, setProduct] = useState('')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    heading.current?.focus()
  }, [])

  const finish = async (withAnalytics: boolean) => {
    try {
      await call('settings.set', { key: 'analytics.enabled', value: withAnalytics })
      if (product.trim() !== '') {
        await call('settings.set', { key: 'signals.ownProduct', value: product.trim() })
      }
      await call('firstRun.finish', undefined)
      onDone()
    } catch (failure) {
      setError(messageOf(failure))
    }
  }

  return (
    <div className="screen first-run">
      <header className="screen-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            Welcome to Earshot
          </h1>
          <p className="muted">
            Earshot transcribes call recordings on this computer. A few quick choices; all of them
            can be changed later in Settings.
          </p>
        </div>
        <button
          type="button"
          className="quiet"
          onClick={() => {
            void finish(false)
          }}
        >
          Skip for now
        </button>
      </header>
      <section aria-labelledby="fr-analytics">
        <h2 id="fr-analytics">1. Usage counts</h2>
        <AnalyticsChoice enabled={analytics} onChange={setAnalytics} />
      </section>
      <section aria-labelledby="fr-backend">
        <h2 id="fr-backend">2. Where uploads go (optional)</h2>
        <p className="muted">
          If your team runs an Earshot backend, enter it here. Without one, nothing is ever
          uploaded.
        </p>
        <BackendPanel />
      </section>
      <section aria-labelledby="fr-model">
        <h2 id="fr-model">3. Transcription model</h2>
        <ModelPanel />
      </section>
      <section aria-labelledby="fr-product">
        <h2 id="fr-product">4. Your product</h2>
        <p className="muted">
          Calls are searched for competitors (Gong, Salesforce, HubSpot and others; edit the list in
          Settings). Name your own product so it is never counted as one and Insights read “you vs
          them”.
        </p>
        <label>
          Product name{' '}
          <input
            type="text"
            maxLength={100}
            value={product}
            onChange={(event) => {
              setProduct(event.target.value)
            }}
          />
        </label>
      </section>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="first-run-done">
        <button
          type="button"
          className="primary"
          onClick={() => {
            void finish(analytics)
          }}
        >
          Start using Earshot
        </button>
      </div>
    </div>
  )
}
