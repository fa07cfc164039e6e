import { asBuffer } from './asBuffer'

/**
 * Headerless MPEG audio (mp3, mp2) and ADTS AAC are only frames, each starting with a sync word.
 * One header is about 13 (MPEG) or 14 (ADTS) bits of evidence: random bytes have one every few
 * kilobytes. So a hit needs consecutive frames, each starting exactly where the previous header's
 * frame length says, with the same fixed fields: three MPEG frames (about 50 bits), two ADTS frames
 * (about 40 bits, since a repeated ADTS header pins three whole bytes). Two, because an encoder's
 * first ADTS frame can be 500 bytes and a fragment of 700 bytes must still be caught.
 */

// ISO/IEC 11172-3 §2.4.2.3 and 13818-3: kbit/s by [version 1 or 2][layer 1..3][index 1..14].
const BITRATES: readonly (readonly (readonly number[])[])[] = [
  [
    [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
]
const SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
}

type Byte = (i: number) => number

/** Frame length in bytes of an MPEG audio header at `i`, or 0 if it is not a valid header. */
function mpegFrameLength(byte: Byte, i: number): number {
  const b1 = byte(i + 1)
  const b2 = byte(i + 2)
  const b3 = byte(i + 3)
  if (byte(i) !== 0xff || (b1 & 0xe0) !== 0xe0 || b2 < 0 || b3 < 0) return 0
  const version = (b1 >> 3) & 3
  const layerBits = (b1 >> 1) & 3
  const bitrateIndex = b2 >> 4
  const rateIndex = (b2 >> 2) & 3
  if (version === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15) return 0
  if (rateIndex === 3 || (b3 & 3) === 2) return 0 // reserved sample rate, reserved emphasis
  const layer = 4 - layerBits
  const bitrate = (BITRATES[version === 3 ? 0 : 1]?.[layer - 1]?.[bitrateIndex - 1] ?? 0) * 1000
  const rate = SAMPLE_RATES[version]?.[rateIndex] ?? 0
  const padding = (b2 >> 1) & 1
  if (layer === 1) return (Math.floor((12 * bitrate) / rate) + padding) * 4
  const perFrame = layer === 3 && version !== 3 ? 72 : 144
  return Math.floor((perFrame * bitrate) / rate) + padding
}

/** Frame length of an ADTS header at `i` (ISO/IEC 14496-3 §1.A.2), or 0 if not valid. */
function adtsFrameLength(byte: Byte, i: number): number {
  const b1 = byte(i + 1)
  const b2 = byte(i + 2)
  if (byte(i) !== 0xff || (b1 & 0xf6) !== 0xf0 || b2 < 0) return 0 // sync, layer 00
  if (((b2 >> 2) & 0xf) > 12) return 0 // sampling_frequency_index 13–15 are reserved
  const length = ((byte(i + 3) & 3) << 11) | (byte(i + 4) << 3) | (byte(i + 5) >> 5)
  const headerLength = (b1 & 1) === 1 ? 7 : 9
  return byte(i + 6) < 0 || length < headerLength ? 0 : length
}

interface FrameFormat {
  frameLength: (byte: Byte, i: number) => number
  /** Bits of header bytes 2 and 3 that stay fixed from frame to frame within one stream. */
  fixed2: number
  fixed3: number
  frames: number
}
// MPEG: sample rate. ADTS: profile, sample rate, private bit, channel configuration.
const MPEG: FrameFormat = { frameLength: mpegFrameLength, fixed2: 0x0c, fixed3: 0, frames: 3 }
const ADTS: FrameFormat = { frameLength: adtsFrameLength, fixed2: 0xff, fixed3: 0xc0, frames: 2 }

function hasFrameRun(byte: Byte, start: number, format: FrameFormat): boolean {
  const same = (at: number): boolean =>
    byte(at + 1) === byte(start + 1) &&
    (byte(at + 2) & format.fixed2) === (byte(start + 2) & format.fixed2) &&
    (byte(at + 3) & format.fixed3) === (byte(start + 3) & format.fixed3)
  let at = start
  for (let n = 0; n < format.frames; n++) {
    if (n > 0 && !same(at)) return false
    const length = format.frameLength(byte, at)
    if (length === 0) return false
    at += length
  }
  return true
}

/** "MPEG audio frames" or "ADTS AAC frames" if `bytes` hold a run of them, else undefined. */
export function findFrameSync(bytes: Uint8Array): string | undefined {
  const b = asBuffer(bytes)
  const byte = (i: number): number => b[i] ?? -1
  for (let i = b.indexOf(0xff); i !== -1; i = b.indexOf(0xff, i + 1)) {
    const b1 = byte(i + 1)
    if ((b1 & 0xe0) !== 0xe0) continue
    if ((b1 & 0x06) === 0) {
      if (hasFrameRun(byte, i, ADTS)) return 'ADTS AAC frames'
    } else if (hasFrameRun(byte, i, MPEG)) return 'MPEG audio frames'
  }
  return undefined
}
