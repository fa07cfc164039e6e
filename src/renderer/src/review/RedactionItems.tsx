import type { RedactionView } from '../../../shared/derivedViews'

export interface RedactionItemsProps {
  items: readonly RedactionView[]
  /** Items found at their place in the shown payload; others are listed as not in this preview. */
  marked: ReadonlySet<string>
  busyId: string | null
  onToggle: (redactionId: string, revert: boolean) => void
}

/** Each redaction with what is sent in its place, and the button that changes that. */
export function RedactionItems({ items, marked, busyId, onToggle }: RedactionItemsProps) {
  return (
    <ul className="redaction-items" aria-label="Redactions">
      {items.map((item) => (
        <li
          key={item.id}
          className={item.reverted ? 'redaction-item reverted' : 'redaction-item'}
          data-testid="redaction-item"
        >
          <span className="redaction-kind">{item.kind}</span>
          <span>
            <code>{item.original}</code>{' '}
            {item.reverted ? (
              <span className="muted">is sent as is</span>
            ) : (
              <>
                <span className="muted">is sent as</span> <code>{item.replacement}</code>
              </>
            )}
            {!marked.has(item.id) && <span className="muted"> (not found in this preview)</span>}
          </span>
          <button
            type="button"
            disabled={busyId !== null}
            // The visible words first, so speech input ("click Send as is") finds the button.
            aria-label={`${item.reverted ? 'Redact again' : 'Send as is'}: ${item.original}`}
            onClick={() => {
              onToggle(item.id, !item.reverted)
            }}
          >
            {item.reverted ? 'Redact again' : 'Send as is'}
          </button>
        </li>
      ))}
    </ul>
  )
}
