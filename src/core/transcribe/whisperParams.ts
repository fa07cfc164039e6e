import type { WhisperParams } from './workerMessages'

export interface DecodeSettings {
  threads: number
  /** 'auto' or an ISO 639-1 code. */
  language: string
  initialPrompt?: string
  maxTokensPerSegment: number
  /** Tokens of earlier text (and the initial prompt) given to the decoder; 0 drops the prompt too. */
  maxTextContext: number
}

/** WHISPER_SAMPLING_GREEDY in whisper.h. */
const GREEDY = 0

/**
 * whisper_full_params for one window. Greedy, one candidate, no temperature fallback and a token
 * cap per segment: MEASURED.md "whisper.cpp bindings" — with fallback on, a decoder that keeps
 * failing (random weights, or noise) re-decodes at up to 6 temperatures (60 s took 35 s, not 5);
 * these are the CLI's `-nf -bo 1` settings.
 */
export function whisperParams(s: DecodeSettings): WhisperParams {
  const params: WhisperParams = {
    strategy: GREEDY,
    n_threads: s.threads,
    language: s.language,
    temperature: 0,
    temperature_inc: 0,
    best_of: 1,
    beam_size: 1,
    max_tokens: s.maxTokensPerSegment,
    n_max_text_ctx: s.maxTextContext,
    no_context: true,
    translate: false,
    single_segment: false,
    print_progress: false,
    print_realtime: false,
    print_timestamps: false,
    print_special: false,
    suppress_blank: true,
    // Per-token times (whisper.cpp's timestamp-token heuristic, not DTW): what lets a line that
    // spans a change of speaker be split between its words (issue 11).
    token_timestamps: true,
  }
  if (s.initialPrompt) params.initial_prompt = s.initialPrompt
  return params
}
