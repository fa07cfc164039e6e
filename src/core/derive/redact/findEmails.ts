import type { PiiCandidate } from './PiiMatch'

// RFC 5321 in practice: a dot-atom local part, then labels and a top-level domain of letters
// (so "admin@localhost" and "user@server" are not addresses). Letters may be non-ASCII (RFC 6531).
const written =
  /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}_@-]|\.[\p{L}\p{N}])/gu

// Whisper sometimes writes a dictated address as words: "my email is jane dot doe at acme dot
// com". Only after the word "email" or "address" and with a common top-level domain: "sign up at
// acme dot com" is an invitation, not an address.
const spoken =
  /\b(?:e-?mail|address)(?: address)?(?: is|:)?\s+([\p{L}\p{N}_]+(?: dot [\p{L}\p{N}_]+)* at [\p{L}\p{N}_-]+(?: dot [\p{L}\p{N}_-]+)* dot (?:com|org|net|io|co|de|uk|fr|nl|edu|gov|info|biz|ai|app|dev|eu|ch|at|es|it|se|ca|au))(?![\p{L}\p{N}_])/giu

/** Email addresses, as written ("jane.doe@acme.co.uk") or spelled out by the transcriber. */
export function findEmails(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = []
  for (const match of text.matchAll(written)) {
    found.push({
      kind: 'email',
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
    })
  }
  for (const match of text.matchAll(spoken)) {
    const address = match[1] ?? ''
    const end = match.index + match[0].length
    found.push({ kind: 'email', start: end - address.length, end, text: address })
  }
  return found
}
