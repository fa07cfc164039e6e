export type Route =
  | { name: 'library' }
  | { name: 'recording'; id: string; q: string; line: number | null }
  | { name: 'settings' }
  | { name: 'review'; id: string | null }
  | { name: 'audit' }
  | { name: 'insights' }

/**
 * Hash routes (`#/`, `#/recording/<id>?q=…&line=N`, `#/review[/<id>]`, `#/audit`, `#/insights`,
 * `#/settings`): no router dependency needed.
 */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2)
  const params = new URLSearchParams(query)
  const recording = /^\/recording\/([^/]+)$/.exec(path)
  if (recording?.[1] !== undefined) {
    const line = Number(params.get('line') ?? NaN)
    return {
      name: 'recording',
      id: decodeURIComponent(recording[1]),
      q: params.get('q') ?? '',
      line: Number.isInteger(line) && line >= 0 ? line : null,
    }
  }
  if (path === '/settings') return { name: 'settings' }
  if (path === '/audit') return { name: 'audit' }
  if (path === '/insights') return { name: 'insights' }
  const review = /^\/review(?:\/([^/]+))?$/.exec(path)
  if (review)
    return { name: 'review', id: review[1] === undefined ? null : decodeURIComponent(review[1]) }
  return { name: 'library' }
}

export function recordingHref(id: string, options: { q?: string; line?: number } = {}): string {
  const params = new URLSearchParams()
  if (options.q) params.set('q', options.q)
  if (options.line !== undefined) params.set('line', String(options.line))
  const query = params.toString()
  return `#/recording/${encodeURIComponent(id)}${query ? `?${query}` : ''}`
}

export function reviewHref(id: string | null): string {
  return id === null ? '#/review' : `#/review/${encodeURIComponent(id)}`
}
