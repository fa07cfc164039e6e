/**
 * What characters a transcript in a language may hold, and what each costs in bits. A profile is
 * a few tiers, each a set of code points with a share of probability; a character costs
 * `-log2(share) + log2(tier size)`. The shares sum to at most 1, so the costs are the lengths of
 * a prefix code (Kraft's inequality): summed over a text they bound what the text can carry,
 * whatever encoding an attacker picks. Ordinary text is cheap (ASCII in English: 6.7 bits), rare
 * characters expensive (an accented letter in English: about 17 bits).
 */
export interface ScriptProfile {
  /** `latin`, `cjk` or `other`: which `charsPerSecond` applies. */
  readonly family: 'latin' | 'cjk' | 'other'
  /** Scripts whose letters belong (besides Latin, Common and Inherited, always allowed). */
  readonly scripts: readonly string[]
  /** Scripts written without spaces: their runs are not "words" for the word-length rule. */
  readonly spaceless: readonly string[]
  /** Scripts counted as one for the mixed-script rule (kana and kanji in one Japanese word). */
  readonly sameScript: readonly string[]
  /** Bits a code point costs, or undefined when it is not allowed at all. */
  costOf(codePoint: number): number | undefined
}

interface TierSpec {
  share: number
  test: (codePoint: number, char: string) => boolean
}

const ALLOWED_CATEGORY = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u
// Invisible in rendering: zero-width spaces and joiners, variation selectors, tags, fillers
// (Unicode's Default_Ignorable_Code_Point, UAX #44); format characters (Cf) besides.
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u
const ALLOWED_SPACES = new Set([0x20, 0x3000])
const ASCII = (cp: number) => cp >= 0x20 && cp <= 0x7e

const scriptRegexes = new Map<string, RegExp>()
function inScript(script: string, char: string): boolean {
  let regex = scriptRegexes.get(script)
  if (regex === undefined) {
    regex = new RegExp(`^\\p{Script=${script}}$`, 'u')
    scriptRegexes.set(script, regex)
  }
  return regex.test(char)
}

/** The script a letter is in, among `scripts`, else `Latin`/`Common`/`Inherited`/`Other`. */
export function scriptOf(char: string, scripts: readonly string[]): string {
  for (const script of scripts) if (inScript(script, char)) return script
  if (inScript('Latin', char)) return 'Latin'
  if (inScript('Common', char)) return 'Common'
  if (inScript('Inherited', char)) return 'Inherited'
  return 'Other'
}

/** Whisper's languages by the script they are written in; anything else is Latin. */
const SCRIPTS_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = {
  zh: ['Han', 'Bopomofo'],
  yue: ['Han'],
  ja: ['Hiragana', 'Katakana', 'Han'],
  ko: ['Hangul', 'Han'],
  ru: ['Cyrillic'],
  uk: ['Cyrillic'],
  be: ['Cyrillic'],
  bg: ['Cyrillic'],
  mk: ['Cyrillic'],
  sr: ['Cyrillic'],
  kk: ['Cyrillic'],
  mn: ['Cyrillic'],
  tt: ['Cyrillic'],
  ba: ['Cyrillic'],
  tg: ['Cyrillic'],
  el: ['Greek'],
  ar: ['Arabic'],
  fa: ['Arabic'],
  ur: ['Arabic'],
  ps: ['Arabic'],
  sd: ['Arabic'],
  he: ['Hebrew'],
  yi: ['Hebrew'],
  hi: ['Devanagari'],
  mr: ['Devanagari'],
  ne: ['Devanagari'],
  sa: ['Devanagari'],
  bn: ['Bengali'],
  as: ['Bengali'],
  pa: ['Gurmukhi'],
  gu: ['Gujarati'],
  ta: ['Tamil'],
  te: ['Telugu'],
  kn: ['Kannada'],
  ml: ['Malayalam'],
  si: ['Sinhala'],
  th: ['Thai'],
  lo: ['Lao'],
  km: ['Khmer'],
  my: ['Myanmar'],
  ka: ['Georgian'],
  hy: ['Armenian'],
  am: ['Ethiopic'],
  bo: ['Tibetan'],
}
const SPACELESS = ['Han', 'Hiragana', 'Katakana', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Tibetan']

/** Code points a profile is sized over: planes 0 and 1 (rarer planes are refused). */
const LAST_CODE_POINT = 0x1ffff

const profiles = new Map<string, ScriptProfile>()

/** The profile for an upload's `language` (null: the recording's language is unknown: Latin). */
export function scriptProfile(language: string | null): ScriptProfile {
  const scripts = (language !== null && SCRIPTS_BY_LANGUAGE[language]) || []
  const key = scripts.join(',')
  let profile = profiles.get(key)
  if (profile === undefined) {
    profile = buildProfile(scripts)
    profiles.set(key, profile)
  }
  return profile
}

function buildProfile(scripts: readonly string[]): ScriptProfile {
  const family = scripts.includes('Han') ? 'cjk' : scripts.length === 0 ? 'latin' : 'other'
  const allowed = (cp: number, char: string): boolean =>
    ALLOWED_SPACES.has(cp) ||
    (ALLOWED_CATEGORY.test(char) &&
      !INVISIBLE.test(char) &&
      (scripts.some((s) => inScript(s, char)) ||
        inScript('Latin', char) ||
        inScript('Common', char) ||
        inScript('Inherited', char)))
  const native = (_cp: number, char: string) => scripts.some((s) => inScript(s, char))
  // Han in the BMP only: the supplementary planes' ideographs are rare enough to refuse.
  const tiers: TierSpec[] =
    scripts.length === 0
      ? [
          { share: 15 / 16, test: ASCII },
          { share: 1 / 16, test: () => true },
        ]
      : [
          { share: 1 / 4, test: ASCII },
          { share: 5 / 8, test: native },
          { share: 1 / 8, test: () => true },
        ]
  // Each allowed code point's tier, and each tier's size, counted once per profile.
  const tierOf = new Int8Array(LAST_CODE_POINT + 1).fill(-1)
  const sizes = tiers.map(() => 0)
  for (let cp = 0; cp <= LAST_CODE_POINT; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    const char = String.fromCodePoint(cp)
    if (!allowed(cp, char)) continue
    const tier = tiers.findIndex((t) => t.test(cp, char))
    if (tier < 0) continue
    tierOf[cp] = tier
    sizes[tier] = (sizes[tier] ?? 0) + 1
  }
  const costs = tiers.map((t, i) => -Math.log2(t.share) + Math.log2(Math.max(1, sizes[i] ?? 1)))
  return {
    family,
    scripts,
    spaceless: SPACELESS,
    sameScript: scripts,
    costOf(codePoint) {
      if (codePoint < 0 || codePoint > LAST_CODE_POINT) return undefined
      const tier = tierOf[codePoint] ?? -1
      return tier < 0 ? undefined : costs[tier]
    },
  }
}
