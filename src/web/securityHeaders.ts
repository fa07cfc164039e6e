import { contentSecurityPolicy } from '../core/http/contentSecurityPolicy'

/**
 * Sent with every response: the Electron app's CSP, but with media from this origin (web mode serves
 * recordings at /api/media/<id>, not from the desktop media scheme), plus what a browser needs told
 * explicitly.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy("'self'"),
  'x-content-type-options': 'nosniff',
  // The first URL carries the token; no Referer may ever repeat a URL of ours elsewhere.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
}
