import type { PendingImport } from './useImports'

const phaseLabel: Record<PendingImport['phase'], string> = {
  uploading: 'Handing over…',
  importing: 'Checking…',
  failed: 'Not imported',
  duplicate: 'Duplicate',
}

export function PendingRow({
  item,
  onDismiss,
}: {
  item: PendingImport
  onDismiss: (key: number) => void
}) {
  const settled = item.phase === 'failed' || item.phase === 'duplicate'
  return (
    <li className="recording-row" data-status={item.phase} data-testid="pending-row">
      <div className="row-main">
        <span className="row-title">{item.name}</span>
      </div>
      <span className={`status status-${item.phase}`}>{phaseLabel[item.phase]}</span>
      <div className="row-progress">
        {!settled && <div className="progress indeterminate" aria-hidden="true" />}
        {item.message !== null && (
          <p className={item.phase === 'failed' ? 'error-text' : 'muted'} role="status">
            {item.message}
          </p>
        )}
      </div>
      <div className="row-actions">
        {settled && (
          <button
            type="button"
            className="quiet"
            onClick={() => {
              onDismiss(item.key)
            }}
          >
            Dismiss
          </button>
        )}
      </div>
    </li>
  )
}
