import type { z } from 'zod'
import type { ModelSize } from '../../shared/analytics'

type Size = z.infer<typeof ModelSize>
const sizes: readonly Size[] = ['tiny', 'base', 'small', 'medium', 'large']

/**
 * The whisper model family from its name (`ggml-base.en.bin`, `large-v3`); a custom or renamed
 * model is `other`. Only the enum leaves, never the name, which may be a user's path.
 */
export function modelSizeOf(modelName: string): Size {
  const words = modelName.toLowerCase().split(/[^a-z]+/)
  return sizes.find((size) => words.includes(size)) ?? 'other'
}
