import { ascii, findMagic, type Magic } from './findMagic'

type Byte = (i: number) => number

// RFC 1952 §2.3: method 8 (deflate), reserved flag bits clear, XFL 0/2/4, OS 0–13 or 255.
const gzipMember = (byte: Byte, at: number): boolean => {
  const flags = byte(at + 3)
  const xfl = byte(at + 8)
  const os = byte(at + 9)
  return (
    flags >= 0 &&
    (flags & 0xe0) === 0 &&
    (xfl === 0 || xfl === 2 || xfl === 4) &&
    (os <= 13 || os === 255) &&
    os >= 0
  )
}

// APPNOTE 4.3.7: version needed ≤ 6.3, then a known compression method.
const ZIP_METHODS = new Set([0, 8, 9, 12, 14, 93, 95, 98, 99])
const zipLocalHeader = (byte: Byte, at: number): boolean =>
  byte(at + 4) >= 0 &&
  byte(at + 4) <= 63 &&
  byte(at + 5) === 0 &&
  byte(at + 9) === 0 &&
  ZIP_METHODS.has(byte(at + 8))

// RFC 8878 §3.1.1.1.1: reserved and unused bits of the frame header descriptor are zero.
const zstdFrame = (byte: Byte, at: number): boolean =>
  byte(at + 4) >= 0 && (byte(at + 4) & 0x18) === 0

const always = (): boolean => true

const COMPRESSION_MAGICS: readonly Magic[] = [
  { name: 'gzip', magic: Buffer.of(0x1f, 0x8b, 0x08), check: gzipMember },
  { name: 'zip', magic: ascii('PK\x03\x04'), check: zipLocalHeader },
  { name: 'zstd', magic: Buffer.of(0x28, 0xb5, 0x2f, 0xfd), check: zstdFrame },
  { name: 'xz', magic: Buffer.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00), check: always },
  { name: '7z', magic: Buffer.of(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), check: always },
  // "BZh" + block size, then the first block's magic (pi) or the end-of-stream magic (sqrt pi).
  {
    name: 'bzip2',
    magic: ascii('BZh'),
    check: (byte, at) =>
      byte(at + 3) >= 0x31 &&
      byte(at + 3) <= 0x39 &&
      ((byte(at + 4) === 0x31 && byte(at + 5) === 0x41 && byte(at + 6) === 0x59) ||
        (byte(at + 4) === 0x17 && byte(at + 5) === 0x72 && byte(at + 6) === 0x45)),
  },
]

/**
 * The name of a compressed container found anywhere in `bytes` ("gzip"), or undefined.
 *
 * Decision: compressed blobs are refused outright, not decompressed and rescanned. Nothing we send
 * legitimately holds one, a decompressor is attack surface (bombs, parser bugs) inside the gate,
 * and compressed media without a detectable container would pass a rescan anyway.
 * zlib streams have a 2-byte header, too weak to search for everywhere; see startsWithZlibStream.
 */
export function findCompression(bytes: Uint8Array): string | undefined {
  return findMagic(bytes, COMPRESSION_MAGICS)
}
