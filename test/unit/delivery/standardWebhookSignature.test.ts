import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { generateWebhookSecret } from '../../../src/backend/delivery/generateWebhookSecret'
import { standardWebhookSignature } from '../../../src/core/egress/standardWebhookSignature'

describe('standardWebhookSignature', () => {
  it('is the signature the reference library computes', () => {
    const secret = generateWebhookSecret()
    const body = '{"data":{},"timestamp":"2026-12-03T08:00:00.000Z","type":"upload.received"}'
    const at = new Date('2026-12-03T08:00:00.000Z')
    const timestamp = String(at.getTime() / 1000)
    const ours = standardWebhookSignature(
      secret,
      'msg_1',
      timestamp,
      new TextEncoder().encode(body),
    )
    expect(ours).toBe(new Webhook(secret).sign('msg_1', at, body))
  })

  it('keys with the decoded secret (the specification test vector)', () => {
    // standard-webhooks/spec, "Signature scheme" example.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const body = '{"test": 2432232314}'
    expect(
      standardWebhookSignature(
        secret,
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        '1614265330',
        new TextEncoder().encode(body),
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('refuses a secret that is not whsec_ base64', () => {
    expect(() => standardWebhookSignature('hunter2', 'msg_1', '1', new Uint8Array())).toThrow(
      TypeError,
    )
  })
})
