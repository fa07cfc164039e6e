import type { AuditEntryView } from '../../../shared/auditViews'
import { formatBytes } from '../../../shared/formatBytes'
import { purposeLabel } from './purposeLabel'

export interface AuditTableProps {
  entries: readonly AuditEntryView[]
  openSeq: number | null
  onOpen: (seq: number) => void
}

export function AuditTable({ entries, openSeq, onOpen }: AuditTableProps) {
  return (
    <table className="audit-table">
      <caption className="visually-hidden">Audit log entries, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Purpose</th>
          <th scope="col">Kind</th>
          <th scope="col">Destination</th>
          <th scope="col">Size</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr
            key={entry.seq}
            data-testid="audit-row"
            data-kind={entry.kind}
            className={entry.seq === openSeq ? 'open' : undefined}
          >
            <td>
              <button
                type="button"
                className="link-button"
                aria-label={`Show entry ${entry.seq}`}
                onClick={() => {
                  onOpen(entry.seq)
                }}
              >
                {entry.seq}
              </button>
            </td>
            <td>
              <time dateTime={entry.ts}>{new Date(entry.ts).toLocaleString()}</time>
            </td>
            <td>{purposeLabel(entry.purpose)}</td>
            <td>
              <span className={`status audit-${entry.kind}`}>{entry.kind}</span>
            </td>
            <td className="destination">
              <code>
                {entry.method} {entry.destination}
              </code>
            </td>
            <td className="number">{formatBytes(entry.bytes)}</td>
            <td>
              {entry.status ?? ''}
              {entry.reason !== null && <span className="muted"> {entry.reason}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
