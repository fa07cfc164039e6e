import type { SettingKey } from '../../shared/settings'

/** A change a page session alone may not make (see confirmedSettingKeys). */
export type SensitiveChange =
  | { kind: 'setting'; key: SettingKey; value: unknown }
  /** A new backend token; the value is never shown, only that one is being set. */
  | { kind: 'backend-token' }

/**
 * Asks the user, outside the page that asked, whether a sensitive change may happen: the desktop
 * app shows a native dialog, `earshot web` asks in its terminal. What the page sends cannot answer:
 * the answer comes from a channel only the person at the computer holds.
 */
export interface ChangeConfirmer {
  /** Where the user confirms, for the refusal sentence ("in the terminal running `earshot web`"). */
  readonly where: string
  /** Resolves true only when the user said yes; anything else (no, timeout, closed input) is no. */
  confirm: (change: SensitiveChange) => Promise<boolean>
}

/** For a transport with no way to ask (the default): every sensitive change is refused. */
export const refuseSensitiveChanges: ChangeConfirmer = {
  where: 'a terminal with `earshot config set`',
  confirm: () => Promise.resolve(false),
}

/** The question as the user reads it, value included, so they see exactly what they allow. */
export function describeChange(change: SensitiveChange): string {
  if (change.kind === 'backend-token') return 'set a new backend access token'
  return change.value === null
    ? `clear ${change.key}`
    : `set ${change.key} to ${printable(JSON.stringify(change.value))}`
}

/**
 * JSON already escapes C0 controls; C1 controls (a bare CSI could drive the terminal) and bidi or
 * zero-width marks (which could make the value read as another) are escaped too.
 */
function printable(text: string): string {
  return text.replace(
    /[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
