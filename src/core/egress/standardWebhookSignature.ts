import { createHmac } from 'node:crypto'

/** Standard Webhooks 1.0 secrets: `whsec_` and the base64 of the key (24 to 64 bytes here). */
export const webhookSecretPattern = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/

/**
 * `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`, keyed with the secret's decoded bytes
 * (Standard Webhooks 1.0, "Signature scheme"). The gate checks with it what the server signs.
 */
export function standardWebhookSignature(
  secret: string,
  id: string,
  timestamp: string,
  body: Uint8Array,
): string {
  if (!webhookSecretPattern.test(secret)) {
    throw new TypeError('Not a whsec_ webhook secret.')
  }
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const mac = createHmac('sha256', key)
  mac.update(`${id}.${timestamp}.`, 'utf8')
  mac.update(body)
  return `v1,${mac.digest('base64')}`
}
