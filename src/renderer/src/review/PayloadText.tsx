import type { PayloadPart } from './markRedactions'

/**
 * The body as it will be sent (indented for reading, or the exact bytes), with each redaction
 * marked over the very characters that are sent in its place.
 */
export function PayloadText({ parts }: { parts: readonly PayloadPart[] }) {
  return (
    <pre className="payload" tabIndex={0} aria-label="Upload payload" data-testid="payload">
      {parts.map((part, i) =>
        part.redaction === undefined ? (
          part.text
        ) : (
          <mark
            key={i}
            className={part.redaction.reverted ? 'redaction reverted' : 'redaction'}
            data-redaction-id={part.redaction.id}
            title={
              part.redaction.reverted
                ? `${part.redaction.kind}: sent unredacted`
                : `${part.redaction.kind} redacted`
            }
          >
            {part.text}
          </mark>
        ),
      )}
    </pre>
  )
}
