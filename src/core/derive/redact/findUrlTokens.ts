import type { PiiCandidate } from './PiiMatch'

const urlPattern = /(?<![\p{L}\p{N}_@])(?:https?:\/\/|www\.)[^\s<>"'`]+/giu

// Parameter names that carry credentials: "token", "access_token", "api_key", "X-Amz-Signature",
// "sig", "session_id"… but not "keyword" or "design".
const secretParameter =
  /^(?:.*[_\-.])?(?:token|key|apikey|sig|signature|secret|password|passwd|pwd|pass|session|sessionid|sid|auth|jwt|credential|code|otp|hash|hmac)(?:[_\-.](?:id|key))?$/i

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>()
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

/**
 * A path part that is a secret rather than a name: long, mixing letters and digits, high entropy,
 * and not a slug of words ("2024-03-15-release-notes" splits into plain words and numbers).
 */
function looksLikeToken(part: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(part)) return true
  if (part.length < 20 || !/^[A-Za-z0-9_\-.~=]+$/.test(part)) return false
  if (!/\d/.test(part) || !/[A-Za-z]/.test(part)) return false
  const words = part.split(/[-_.]/)
  if (words.length > 1 && words.every((w) => /^(?:[A-Za-z]+|\d+)$/.test(w))) return false
  return entropy(part) >= 3.5
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function carriesSecret(url: string): boolean {
  const withScheme = /^www\./i.test(url) ? `https://${url}` : url
  let parsed: URL
  try {
    parsed = new URL(withScheme)
  } catch {
    return false
  }
  if (parsed.password !== '') return true
  const parameters = [...parsed.searchParams, ...new URLSearchParams(parsed.hash.replace(/^#/, ''))]
  if (parameters.some(([name, value]) => secretParameter.test(name) && value.length >= 6)) {
    return true
  }
  return parsed.pathname.split('/').some((part) => looksLikeToken(safeDecode(part)))
}

/**
 * Links that carry a secret: a credential parameter in the query or fragment ("token=",
 * "access_token", "sig="), a password in the authority, or a random-looking path part (reset links,
 * shared-document ids, webhook keys). Plain links are not personal data and are left alone.
 */
export function findUrlTokens(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = []
  for (const match of text.matchAll(urlPattern)) {
    // A sentence's closing punctuation is not part of the link.
    const url = match[0].replace(/[.,;:!?)\]}]+$/, '')
    if (!carriesSecret(url)) continue
    found.push({ kind: 'url-token', start: match.index, end: match.index + url.length, text: url })
  }
  return found
}
