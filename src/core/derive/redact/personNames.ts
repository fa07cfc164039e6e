import { findEmails } from './findEmails'

/**
 * Words that name a role or a mailbox, not a person: a speaker the user called "Customer" or
 * "Sales rep" and the address "support@acme.com" name nobody, and redacting "customer" or "sales"
 * everywhere would cut ordinary words out of the transcript.
 */
const notPersonWords = new Set([
  'customer',
  'client',
  'prospect',
  'buyer',
  'seller',
  'sales',
  'rep',
  'representative',
  'agent',
  'caller',
  'host',
  'guest',
  'interviewer',
  'interviewee',
  'moderator',
  'participant',
  'speaker',
  'user',
  'me',
  'us',
  'them',
  'you',
  'team',
  'manager',
  'support',
  'unknown',
  'info',
  'contact',
  'hello',
  'hi',
  'admin',
  'office',
  'billing',
  'noreply',
  'no',
  'reply',
  'mail',
  'email',
  'help',
  'service',
  'accounts',
  'careers',
  'jobs',
  'press',
  'marketing',
  'hr',
  'finance',
  'legal',
  'privacy',
  'security',
  'webmaster',
  'postmaster',
  'enquiries',
  'inquiries',
])

/** The words of a name that can name a person: two letters or more, not a role or a mailbox. */
function personWords(text: string): string[] {
  return text
    .split(/[^\p{L}\p{M}'’]+/u)
    .map((word) => word.replace(/^['’]+|['’]+$/g, ''))
    .filter((word) => /\p{L}.*\p{L}/u.test(word) && !notPersonWords.has(word.toLowerCase()))
}

/** The mailbox of an address as written ("jane.doe@…") or dictated ("jane dot doe at …"). */
function localPart(address: string): string {
  const at = address.indexOf('@')
  if (at >= 0) return address.slice(0, at)
  return address.split(/ at /i)[0]?.replace(/ dot /gi, '.') ?? ''
}

export interface PersonNameSources {
  /** The names the user gave this recording's speakers ("Jane Doe (Acme)"). */
  speakerNames: readonly string[]
  /** The recording's texts, searched for email addresses. */
  texts: readonly string[]
}

/**
 * The people's names a recording's upload must not carry: each name the user gave a speaker,
 * whole and word by word ("Jane Doe (Acme)" → "Jane Doe (Acme)", "Jane", "Doe", "Acme"), and the
 * person in each email address the transcript holds ("jane.doe@acme.com" → "jane", "doe"), so
 * "Jane" is redacted wherever she is named, not only inside her address. Role words ("Customer",
 * "support@") are left out. Sorted and without duplicates (case-insensitively), so the same
 * recording gives the same list and the same redaction ids.
 */
export function personNames(sources: PersonNameSources): string[] {
  const names = new Map<string, string>()
  const add = (name: string): void => {
    const key = name.toLowerCase()
    if (!names.has(key)) names.set(key, name)
  }
  for (const given of sources.speakerNames) {
    const words = personWords(given)
    if (words.length === 0) continue
    if (words.length > 1) add(given.trim())
    words.forEach(add)
  }
  for (const text of sources.texts) {
    for (const email of findEmails(text)) personWords(localPart(email.text)).forEach(add)
  }
  return [...names.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
