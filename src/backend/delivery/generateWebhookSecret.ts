import { randomBytes } from 'node:crypto'

/**
 * A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes (the specification asks for
 * 24 to 64). Printed once by `webhooks add`; the receiver verifies with it, the gate checks with it.
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}
