import { describe, expect, it } from 'vitest'
import { describeBackendFailure } from '../../../src/core/sync/describeBackendFailure'

const body = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

describe('describeBackendFailure', () => {
  it("carries the backend's code and reason", () => {
    const error = describeBackendFailure(
      401,
      body({ error: { code: 'unauthorized', message: 'A valid bearer token is required.' } }),
      'the upload',
    )
    expect(error).toMatchObject({
      code: 'backend-rejected',
      status: 401,
      backendCode: 'unauthorized',
    })
    expect(error.message).toBe(
      'The backend answered 401 to the upload: A valid bearer token is required.',
    )
  })

  it('falls back to the status for a body that is not the error shape, and calls 5xx unavailable', () => {
    const error = describeBackendFailure(
      502,
      new TextEncoder().encode('<html>Bad gateway'),
      'the upload',
    )
    expect(error).toMatchObject({ code: 'backend-unavailable', backendCode: null })
    expect(error.message).toBe('The backend answered 502 to the upload')
  })

  it('strips control characters and bounds the length of what a server says', () => {
    const error = describeBackendFailure(
      400,
      body({ error: { code: 'x', message: `\u001b[31mred\u0007${'a'.repeat(1000)}` } }),
      'the upload',
    )
    expect(error.message).not.toMatch(/\p{Cc}/u)
    expect(error.message.length).toBeLessThan(400)
  })
})
