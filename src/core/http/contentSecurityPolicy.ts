/**
 * Electron security checklist 7, for the desktop app and web mode alike (one policy, the media
 * source differs): a strict CSP, sent as a header with every page of the app scheme. connect-src is
 * the app itself only: the renderer talks to the core over IPC, never over the network.
 * 'unsafe-inline' styles stay because React sets `style` attributes (positions of the virtualized
 * list); scripts stay 'self' only, with no eval.
 */
export function contentSecurityPolicy(mediaSource: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `media-src ${mediaSource}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "worker-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
