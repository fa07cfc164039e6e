import { useCallback, useEffect, useState } from 'react'
import type { AuditChainReport } from '../../../shared/auditViews'
import { call, messageOf } from '../bridge/call'
import { describeChain } from './describeChain'

/** `AuditLog.verify` over the whole chain and its head file, on open and on demand. */
export function ChainStatus({ version }: { version: number }) {
  const [report, setReport] = useState<AuditChainReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const verify = useCallback(() => {
    call('audit.verify', undefined).then(
      (result) => {
        setReport(result)
        setError(null)
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }, [])
  useEffect(verify, [verify, version])

  const described = report === null ? null : describeChain(report)
  return (
    <div className="chain-status" role="status" data-testid="chain-status">
      {error !== null && <span className="error-text">{error}</span>}
      {described === null && error === null && <span className="muted">Verifying the chain…</span>}
      {described !== null && (
        <span
          className={described.ok ? 'chain-ok' : 'chain-broken'}
          data-ok={described.ok ? 'true' : 'false'}
        >
          {described.ok ? '✓ ' : '✗ '}
          {described.text}
        </span>
      )}
      <button
        type="button"
        className="quiet"
        onClick={() => {
          setReport(null)
          verify()
        }}
      >
        Verify again
      </button>
    </div>
  )
}
