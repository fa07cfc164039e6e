import { TRACKER_PATTERN_FLAGS, type TrackerDefinition } from '../../../shared/signals'
import { clipText } from './clipText'
import { normalizeText } from './splitSentences'

/** One hit of a tracker inside a sentence: character range and the phrase to report. */
export interface TrackerMatch {
  start: number
  end: number
  phrase: string
}

/** A tracker made ready to run: its regular expressions are built once per `findSignals` call. */
export interface CompiledTracker {
  definition: TrackerDefinition
  /** Non-overlapping hits in `sentence` (normalised text), in order of position. */
  matchAll(sentence: string): TrackerMatch[]
}

// A phrase is a whole word (or words) when no letter, digit or underscore touches it; \b would be
// ASCII-only and split "Glasüberdachung" after the "s".
const BEFORE = '(?<![\\p{L}\\p{N}_])'
const AFTER = '(?![\\p{L}\\p{N}_])'
// "go-live", "go live" and "go  live" are the same phrase.
const SEPARATOR = '[\\s\\-\u2010\u2011\u2013]+'

/** Escapes the characters Unicode-mode regular expressions treat as syntax. */
function escapeSyntax(text: string): string {
  return text.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&')
}

function phraseSource(phrase: string): string {
  return normalizeText(phrase)
    .split(/[\s\-\u2010\u2011\u2013]+/)
    .filter((token) => token !== '')
    .map(escapeSyntax)
    .join(SEPARATOR)
}

/** Builds the matcher for one tracker (already validated by `TrackerDefinition`). */
export function compileTracker(definition: TrackerDefinition): CompiledTracker {
  // Longest phrase first, so "security review" wins over "security" at the same place.
  const phrases = [...new Map(definition.phrases.map((p) => [p.toLowerCase(), p])).values()]
    .map((phrase) => ({ phrase, source: phraseSource(phrase) }))
    .filter((p) => p.source !== '')
    .sort((a, b) => b.source.length - a.source.length || (a.source < b.source ? -1 : 1))
  const phraseRegex =
    phrases.length === 0
      ? null
      : new RegExp(
          `${BEFORE}(?:${phrases.map((p) => `(${p.source})`).join('|')})${AFTER}`,
          TRACKER_PATTERN_FLAGS,
        )
  const patterns = (definition.patterns ?? []).map(
    (source) => new RegExp(source, TRACKER_PATTERN_FLAGS),
  )

  return {
    definition,
    matchAll(sentence) {
      const found: TrackerMatch[] = []
      if (phraseRegex !== null) {
        for (const match of sentence.matchAll(phraseRegex)) {
          const group = match.findIndex(
            (value: string | undefined, i) => i > 0 && value !== undefined,
          )
          const phrase = phrases[group - 1]?.phrase ?? match[0]
          found.push({ start: match.index, end: match.index + match[0].length, phrase })
        }
      }
      for (const pattern of patterns) {
        for (const match of sentence.matchAll(pattern)) {
          if (match[0] === '') continue
          const named = match.groups?.phrase?.trim()
          const phrase = clipText(
            named !== undefined && named !== '' ? named : match[0].trim(),
            200,
          )
          found.push({ start: match.index, end: match.index + match[0].length, phrase })
        }
      }
      found.sort((a, b) => a.start - b.start || b.end - a.end)
      const kept: TrackerMatch[] = []
      for (const match of found) {
        const previous = kept[kept.length - 1]
        if (previous !== undefined && match.start < previous.end) continue
        kept.push(match)
      }
      return kept
    },
  }
}
