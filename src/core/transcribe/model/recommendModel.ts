import type { ModelCatalog } from './modelCatalog'

export interface MachineInfo {
  /** Total memory in bytes (os.totalmem()). */
  memoryBytes: number
  /** Logical cores (os.availableParallelism()). */
  cores: number
}

export interface ModelRecommendation {
  name: string
  /** One sentence for the user: why this one, on this computer, for this language. */
  reason: string
}

const GIB = 1024 ** 3

/**
 * The model to offer first on this machine for `transcribe.language`.
 *
 * Size: whisper.cpp needs roughly the file plus 200–500 MB while it runs, and on a CPU each size
 * step costs about 2–3× the time. `base` is the smallest size whose transcripts a sales team
 * can read without constant correction, and a 30-minute call stays a few minutes of work even on
 * 2 cores; `small` is worth its 3× only with 8+ cores and 8+ GB to spare; below 4 GB of memory
 * `tiny` keeps the rest of the machine usable. Medium and large are too slow on a CPU for a
 * backlog of calls, so they are never the default (they stay in the list).
 *
 * Language: the `.en` models are trained on English only and are more accurate on English than
 * the multilingual model of the same size (the gap is widest at tiny and base, per whisper's
 * model card), so English gets `.en`; any other language, or "auto", needs the multilingual one.
 */
export function recommendModel(
  machine: MachineInfo,
  language: string,
  catalog: ModelCatalog,
): ModelRecommendation | null {
  const size =
    machine.memoryBytes < 4 * GIB
      ? 'tiny'
      : machine.cores >= 8 && machine.memoryBytes >= 8 * GIB
        ? 'small'
        : 'base'
  const english = language === 'en'
  const preferred = english ? `${size}.en` : size
  const name = Object.hasOwn(catalog, preferred)
    ? preferred
    : Object.hasOwn(catalog, size)
      ? size
      : Object.keys(catalog)[0]
  if (name === undefined) return null
  const memory = `${Math.round(machine.memoryBytes / GIB)} GB`
  const why =
    size === 'tiny'
      ? 'the smallest model leaves this computer’s memory for everything else'
      : size === 'small'
        ? 'this computer has the cores and memory for a more accurate model at a usable speed'
        : 'it is accurate enough for calls and fast on a computer like this one'
  const lang = english
    ? 'English-only models are more accurate on English than multilingual ones of the same size'
    : 'the multilingual model transcribes any language'
  return {
    name,
    reason: `Recommended for ${machine.cores} cores and ${memory} of memory: ${why}; ${lang}.`,
  }
}
