/**
 * Simple negation for wish-like trackers ("we don't need X" is not a request for X). Looks at up to
 * five words before the hit, within its clause (a comma, semicolon, colon, dash or "but" starts a
 * new one: "we don't need SSO, but we need audit logs" negates SSO only), and at a short tail after
 * it ("SSO isn't needed"). Deliberately narrow: "can't" and "without" are left out because "we
 * can't live without SSO" is a strong request.
 */
const CUE =
  /(?<![\p{L}\p{N}_])(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|won'?t|will not|wouldn'?t|would not|never|no need|no longer|not)(?![\p{L}\p{N}_])/iu
const CLAUSE_BREAK = /[,;:\u2013\u2014]|(?<![\p{L}\p{N}_])but(?![\p{L}\p{N}_])| - /giu
const TAIL =
  /^\s*(?:is|are|was|were)(?:n't| not) (?:really )?(?:needed|necessary|required|a priority|important|a requirement)(?![\p{L}\p{N}_])/iu

const WINDOW_WORDS = 5

export function isNegated(sentence: string, start: number, end: number): boolean {
  let before = sentence.slice(0, start)
  let clauseStart = 0
  for (const match of before.matchAll(CLAUSE_BREAK)) clauseStart = match.index + match[0].length
  before = before.slice(clauseStart)
  const window = before.trim().split(/\s+/).slice(-WINDOW_WORDS).join(' ')
  return CUE.test(window) || TAIL.test(sentence.slice(end))
}
