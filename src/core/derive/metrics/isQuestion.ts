// Inverted auxiliary + subject ("Do you…", "Is there…") or a wh-word + auxiliary ("How does…").
// A wh-word followed by anything else ("What we do is…", "How about Tuesday") is not counted.
const SUBJECT = '(?:you|we|they|i|he|she|it|there|this|that|your|our|the)'
const AUXILIARY =
  '(?:do|does|did|can|could|would|will|is|are|was|were|have|has|should|shall|may|might)'
const INTERROGATIVE_START = new RegExp(
  `^(?:${AUXILIARY}(?:n't)? ${SUBJECT}|(?:what|how|why|when|where|which|who) ${AUXILIARY})(?![\\p{L}\\p{N}_])`,
  'iu',
)

/**
 * Whether a sentence asks something: it ends with a question mark, or whisper dropped the mark but
 * the sentence opens the way English questions do. Conservative: it misses questions by intonation
 * alone ("You're coming?" without a mark) and tag questions; it may count a statement that opens
 * like a question ("Do you know what, that's fine.").
 */
export function isQuestion(sentence: string): boolean {
  const text = sentence.trim()
  if (/[?？]["'”’)\]]*$/.test(text)) return true
  if (/!["'”’)\]]*$/.test(text)) return false
  return INTERROGATIVE_START.test(text)
}
