import type { SettingKey } from '../../../shared/settings'

export interface SettingField {
  label: string
  help: string
  /**
   * `list`: one entry per line (string arrays); `json`: structured values, edited as JSON;
   * `trackers`: the custom trackers' own form (CustomTrackersEditor).
   */
  kind: 'text' | 'long-text' | 'number' | 'boolean' | 'select' | 'list' | 'json' | 'trackers'
  options?: readonly string[]
  /** Read once when the core starts (the media backend, the worker pool, the egress allowlist). */
  appliesOnRestart?: boolean
}

/** How each setting is shown; a key without an entry still appears, as a text field. */
export const settingFields: Partial<Record<SettingKey, SettingField>> = {
  'model.path': {
    label: 'Whisper model file',
    help: 'A ggml model on this computer, e.g. from `earshot model download base.en`.',
    kind: 'text',
  },
  'transcribe.language': {
    label: 'Spoken language',
    help: '“auto” to detect it, or a code such as “en”.',
    kind: 'text',
  },
  'transcribe.threads': {
    label: 'Threads per transcription',
    help: 'Empty lets whisper choose.',
    kind: 'number',
  },
  'transcribe.initialPrompt': {
    label: 'Vocabulary hint',
    help: 'Product and company names the transcriber should expect (up to 800 characters).',
    kind: 'long-text',
  },
  'jobs.concurrency': {
    label: 'Recordings transcribed at once',
    help: 'Each already uses several threads; 1 is usually fastest overall.',
    kind: 'number',
    appliesOnRestart: true,
  },
  'media.backend': {
    label: 'Media decoder',
    help: 'Native ffmpeg when installed, else the bundled WebAssembly build.',
    kind: 'select',
    options: ['auto', 'native', 'wasm'],
    appliesOnRestart: true,
  },
  'media.ffmpegPath': {
    label: 'ffmpeg program',
    help: 'Empty finds ffmpeg on the PATH.',
    kind: 'text',
    appliesOnRestart: true,
  },
  'backend.url': {
    label: 'Backend URL',
    help: 'Where reviewed transcripts are uploaded; https unless on this computer.',
    kind: 'text',
  },
  'upload.includeTitles': {
    label: 'Send recording titles with uploads',
    help: 'Titles are usually file names; off keeps them on this device.',
    kind: 'boolean',
  },
  'retention.days': {
    label: 'Keep recordings for (days)',
    help: 'Older recordings and everything derived from them are deleted; empty keeps everything.',
    kind: 'number',
    appliesOnRestart: true,
  },
  'redaction.enabled': {
    label: 'Redact personal data from uploads',
    help: 'Masked in what is sent (uploads and MCP answers), wherever it appears: emails, phone numbers, card numbers, IBANs, national ids, links with tokens, the words below, the names you gave speakers and the people in email addresses; a named speaker is sent as “Speaker 1”, a role such as “Customer” as given. Other names are not detected. Your local transcript keeps everything.',
    kind: 'boolean',
  },
  'redaction.terms': {
    label: 'Always redact these words',
    help: 'One per line: names and terms masked wherever they appear as whole words, in the text and in speaker names, in addition to what is detected.',
    kind: 'list',
  },
  'signals.competitors': {
    label: 'Competitors',
    help: 'One per line: names counted as competitor mentions. Starts with common sales-call vendors; saving derives past calls again.',
    kind: 'list',
  },
  'signals.ownProduct': {
    label: 'Your product',
    help: 'Never counted as a competitor; Insights show competitor mentions against it.',
    kind: 'text',
  },
  'signals.custom': {
    label: 'Custom trackers',
    help: 'Your own demand-signal trackers: a name, the kind of signal, and the phrases (or patterns) that count as a hit. One with the id of a built-in tracker replaces it.',
    kind: 'trackers',
  },
  'mcp.enabled': {
    label: 'Let LLM clients read your calls (MCP)',
    help: '`earshot mcp` answers Claude Desktop, Cursor and other MCP clients, redacted as uploads are; every answer is in the audit log. Off: it shows nothing.',
    kind: 'boolean',
  },
  'mcp.scope': {
    label: 'Calls LLM clients may see',
    help: '“all”, “window” (imported between the two days below) or “shareable” (marked with `earshot share`).',
    kind: 'select',
    options: ['all', 'window', 'shareable'],
  },
  'mcp.from': {
    label: 'LLM window: first day',
    help: 'A day such as 2026-03-01; empty leaves the window open at the start.',
    kind: 'text',
  },
  'mcp.to': {
    label: 'LLM window: last day',
    help: 'Included; empty leaves the window open at the end.',
    kind: 'text',
  },
  'analytics.enabled': {
    label: 'Share anonymous usage counts',
    help: 'Counts and durations only, never content; every event is in the audit log.',
    kind: 'boolean',
  },
}

export function fieldFor(key: SettingKey, value: unknown): SettingField {
  return (
    settingFields[key] ?? {
      label: key,
      help: '',
      kind:
        typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'number'
            ? 'number'
            : Array.isArray(value) || (typeof value === 'object' && value !== null)
              ? 'json'
              : 'text',
    }
  )
}
