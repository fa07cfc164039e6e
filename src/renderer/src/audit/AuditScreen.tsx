import { useState } from 'react'
import {
  auditKindNames,
  auditPurposeNames,
  type AuditKindName,
  type AuditPurposeName,
} from '../../../shared/auditViews'
import { call, messageOf } from '../bridge/call'
import { downloadText } from '../recording/downloadText'
import { AuditEntryPanel } from './AuditEntryPanel'
import { AuditTable } from './AuditTable'
import { ChainStatus } from './ChainStatus'
import { purposeLabel } from './purposeLabel'
import { useAuditPages } from './useAuditPages'

/** Audit Log (DESIGN.md §6, §9): everything Earshot sent or refused to send, and proof of it. */
export function AuditScreen() {
  const [purpose, setPurpose] = useState<AuditPurposeName | undefined>(undefined)
  const [kind, setKind] = useState<AuditKindName | undefined>(undefined)
  const [openSeq, setOpenSeq] = useState<number | null>(null)
  const [exportError, setExportError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const { entries, hasMore, error, loadMore, reload } = useAuditPages({ purpose, kind })

  const exportLog = () => {
    call('audit.export', undefined).then(
      (exported) => {
        setExportError(null)
        downloadText(exported.jsonl, exported.fileName, 'application/x-ndjson')
      },
      (failure: unknown) => {
        setExportError(messageOf(failure))
      },
    )
  }

  return (
    <div className="screen audit-screen">
      <header className="screen-header">
        <div>
          <h1>Audit Log</h1>
          <p className="muted">
            Every request Earshot made or refused, written down before it left, with the exact
            bytes.
          </p>
        </div>
        <div className="audit-actions">
          <button
            type="button"
            onClick={() => {
              reload()
              setVersion((v) => v + 1)
            }}
          >
            Refresh
          </button>
          <button type="button" onClick={exportLog}>
            Export (JSON Lines)
          </button>
        </div>
      </header>
      <ChainStatus version={version} />
      {exportError !== null && (
        <p className="error-text" role="alert">
          {exportError}
        </p>
      )}
      <div className="audit-filters" role="group" aria-label="Filters">
        <label>
          Purpose{' '}
          <select
            value={purpose ?? ''}
            onChange={(event) => {
              setPurpose(pick(auditPurposeNames, event.target.value))
            }}
          >
            <option value="">All</option>
            {auditPurposeNames.map((name) => (
              <option key={name} value={name}>
                {purposeLabel(name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select
            value={kind ?? ''}
            onChange={(event) => {
              setKind(pick(auditKindNames, event.target.value))
            }}
          >
            <option value="">All</option>
            {auditKindNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </div>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {entries?.length === 0 && (
        <p className="muted empty">
          {purpose === undefined && kind === undefined
            ? 'Nothing has been sent yet.'
            : 'No entries match these filters.'}
        </p>
      )}
      <div className={openSeq === null ? 'audit-body' : 'audit-body with-entry'}>
        {entries !== null && entries.length > 0 && (
          <div className="audit-list">
            <AuditTable entries={entries} openSeq={openSeq} onOpen={setOpenSeq} />
            {hasMore && (
              <button type="button" onClick={loadMore}>
                Show more
              </button>
            )}
          </div>
        )}
        {openSeq !== null && (
          <AuditEntryPanel
            key={openSeq}
            seq={openSeq}
            onClose={() => {
              setOpenSeq(null)
            }}
          />
        )}
      </div>
    </div>
  )
}

function pick<T extends string>(allowed: readonly T[], value: string): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined
}
