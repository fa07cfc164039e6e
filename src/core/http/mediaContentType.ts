import { extname } from 'node:path'

const mediaTypes: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
}

/**
 * The Content-Type a player needs for a recording, from its extension. `.mov` is announced as MP4
 * because Chromium plays the common QuickTime files (H.264/AAC) only under that type.
 */
export function mediaContentType(path: string): string {
  return mediaTypes[extname(path).toLowerCase()] ?? 'application/octet-stream'
}
