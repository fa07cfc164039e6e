import { createRequire } from 'node:module'
import type { Binding } from 'smart-whisper'

export interface WhisperAddon {
  WhisperModel: typeof Binding.WhisperModel
  transcribe: typeof Binding.transcribe
}

/**
 * smart-whisper's native addon loaded from a path, so one bench run can time two builds of it
 * (e.g. a saved SSE-only build against the -march=native one).
 */
export function loadWhisperAddon(path: string): WhisperAddon {
  return createRequire(import.meta.url)(path) as WhisperAddon
}
