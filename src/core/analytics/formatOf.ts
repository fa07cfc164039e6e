import type { z } from 'zod'
import { MediaFormat } from '../../shared/analytics'

type Format = z.infer<typeof MediaFormat>

// ffprobe names demuxer families, not files: one ISO-BMFF demuxer reads mp4, mov and m4a alike
// ("mov,mp4,m4a,3gp,3g2,mj2"), one Matroska demuxer reads mkv and webm ("matroska,webm").
const families: readonly [string, Format][] = [
  ['mov,mp4,m4a,3gp,3g2,mj2', 'mp4'],
  ['matroska,webm', 'mkv'],
  ['matroska', 'mkv'],
]

/**
 * The container as one of the fixed formats. Takes an extension (`.webm`, `MOV`) or ffprobe's
 * `format_name`; anything else is `other`, so no free-form name can reach an event.
 */
export function formatOf(container: string): Format {
  const name = container.trim().toLowerCase().replace(/^\./, '')
  const family = families.find(([names]) => names === name)
  if (family !== undefined) return family[1]
  const parsed = MediaFormat.safeParse(name)
  return parsed.success ? parsed.data : 'other'
}
