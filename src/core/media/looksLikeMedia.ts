/**
 * Whether the first bytes carry a container or codec signature. ffmpeg says "Invalid data" both for
 * a text file renamed .mp4 and for a real mp4 cut short; the signature tells the two apart, so the
 * user hears "not a recording" versus "damaged recording".
 */
export function looksLikeMedia(head: Uint8Array): boolean {
  const ascii = (from: number, to: number): string =>
    String.fromCharCode(...head.subarray(from, to))
  const b = (i: number): number => head[i] ?? -1
  // ISO BMFF (mp4, mov, m4a, 3gp): a box type at offset 4.
  if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip', 'pnot'].includes(ascii(4, 8))) return true
  const magic4 = ascii(0, 4)
  if (['RIFF', 'RF64', 'FORM', 'OggS', 'fLaC', 'caff', '#!AM', '.snd', 'MThd'].includes(magic4)) {
    return true
  }
  if (ascii(0, 3) === 'ID3') return true
  if (b(0) === 0x1a && b(1) === 0x45 && b(2) === 0xdf && b(3) === 0xa3) return true // EBML: mkv, webm
  if (b(0) === 0x30 && b(1) === 0x26 && b(2) === 0xb2 && b(3) === 0x75) return true // ASF: wma, wmv
  // MPEG audio frame sync or ADTS (11 set bits), as in headerless mp3 and aac.
  if (b(0) === 0xff && (b(1) & 0xe0) === 0xe0) return true
  return false
}
