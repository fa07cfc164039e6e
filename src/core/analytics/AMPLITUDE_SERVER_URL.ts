/**
 * Amplitude's HTTP V2 endpoint (the SDK's default). Its origin must be on the egress gate's
 * analytics allowlist; EU projects use https://api.eu.amplitude.com/2/httpapi instead.
 */
export const AMPLITUDE_SERVER_URL = 'https://api2.amplitude.com/2/httpapi'
