/** What a settings action last did, or why it failed: one line a screen reader announces. */
export interface ActionMessage {
  ok: boolean
  text: string
}

/** The live status line under a settings action (choose a model, delete everything). */
export function ActionStatus({ message }: { message: ActionMessage | null }) {
  return (
    <p className="field-help" role="status">
      {message !== null && (
        <span className={message.ok ? 'saved' : 'error-text'}>{message.text}</span>
      )}
    </p>
  )
}
