import { findFrameSync } from './findFrameSync'
import { ascii, findMagic, fourCc, type Magic, u32be } from './findMagic'

type Byte = (i: number) => number

const isBrandChar = (c: number): boolean =>
  c === 0x20 || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)

// ISO/IEC 14496-12 §4.3: ftyp/styp = size, type, major brand, minor version, compatible brands.
const fileTypeBox = (byte: Byte, at: number): boolean => {
  const size = u32be(byte, at - 4)
  return (
    at >= 4 &&
    size >= 16 &&
    size <= 1024 &&
    size % 4 === 0 &&
    [0, 1, 2, 3].every((k) => isBrandChar(byte(at + 4 + k)))
  )
}

const MOVIE_CHILDREN = new Set([
  'mvhd',
  'mfhd',
  'trak',
  'udta',
  'meta',
  'cmov',
  'iods',
  'mvex',
  'traf',
])
// moov/moof: the first child box (size, then a known type) follows the box header.
const movieBox = (byte: Byte, at: number): boolean =>
  at >= 4 &&
  u32be(byte, at - 4) >= 16 &&
  u32be(byte, at + 4) >= 8 &&
  MOVIE_CHILDREN.has(fourCc(byte, at + 8))

// mdat has no inner structure; its size must be 0 (to end), 1 (64-bit size follows) or below
// 16 MiB, which pins its top byte to zero. Larger files are caught by their ftyp/moov anyway.
const mediaDataBox = (byte: Byte, at: number): boolean => {
  if (at < 4) return false
  const size = u32be(byte, at - 4)
  return size === 0 || size === 1 || (byte(at - 4) === 0 && size >= 8)
}

const riffForm =
  (forms: readonly string[]) =>
  (byte: Byte, at: number): boolean =>
    forms.includes(fourCc(byte, at + 8))

// ID3v2 header: version 2–4, revision, flags with the low nibble clear, 4 syncsafe size bytes.
const id3Tag = (byte: Byte, at: number): boolean =>
  byte(at + 3) >= 2 &&
  byte(at + 3) <= 4 &&
  byte(at + 4) >= 0 &&
  byte(at + 4) < 0x10 &&
  byte(at + 5) >= 0 &&
  (byte(at + 5) & 0x0f) === 0 &&
  [6, 7, 8, 9].every((k) => byte(at + k) >= 0 && byte(at + k) < 0x80)

// RFC 9639 §8: the first metadata block is STREAMINFO (type 0), always 34 bytes long.
const flacStream = (byte: Byte, at: number): boolean =>
  (byte(at + 4) & 0x7f) === 0 && byte(at + 5) === 0 && byte(at + 6) === 0 && byte(at + 7) === 0x22

// RFC 3533 §6: version 0, then header-type flags using only the low 3 bits.
const oggPage = (byte: Byte, at: number): boolean =>
  byte(at + 4) === 0 && byte(at + 5) >= 0 && byte(at + 5) <= 7

// RFC 8794: after the EBML magic, a variable-size length, then one of the EBML header's children
// (EBMLVersion 0x4286, EBMLReadVersion 0x42F7, MaxIDLength 0x42F2, MaxSizeLength 0x42F3,
// DocType 0x4282, DocTypeVersion 0x4287, DocTypeReadVersion 0x4285) or a Void element (0xEC).
const EBML_CHILDREN = new Set([0x86, 0xf7, 0xf2, 0xf3, 0x82, 0x87, 0x85])
const ebmlHeader = (byte: Byte, at: number): boolean => {
  const first = byte(at + 4)
  if (first <= 0) return false
  const width = Math.clz32(first) - 23 // leading zero bits of the byte, plus one
  const child = at + 4 + width
  return (
    (byte(child) === 0x42 && EBML_CHILDREN.has(byte(child + 1))) ||
    (byte(child) === 0xec && width <= 8)
  )
}

const cafFile = (byte: Byte, at: number): boolean =>
  byte(at + 4) === 0 && byte(at + 5) === 1 && byte(at + 6) === 0 && byte(at + 7) === 0

// RFC 4867 §5: "#!AMR\n", "#!AMR-WB\n", "#!AMR_MC1.0\n", "#!AMR-WB_MC1.0\n".
const amrFile = (byte: Byte, at: number): boolean =>
  byte(at + 5) === 0x0a || fourCc(byte, at + 5) === '-WB\n' || fourCc(byte, at + 5) === '_MC1'

// FLV: version 1, flags using only the audio (4) and video (1) bits, header size 9.
const flvFile = (byte: Byte, at: number): boolean =>
  byte(at + 3) === 1 &&
  byte(at + 4) >= 0 &&
  (byte(at + 4) & 0xfa) === 0 &&
  u32be(byte, at + 5) === 9

const always = (): boolean => true

const MEDIA_MAGICS: readonly Magic[] = [
  { name: 'ISO-BMFF ftyp box', magic: ascii('ftyp'), check: fileTypeBox },
  { name: 'ISO-BMFF styp box', magic: ascii('styp'), check: fileTypeBox },
  { name: 'ISO-BMFF moov box', magic: ascii('moov'), check: movieBox },
  { name: 'ISO-BMFF moof box', magic: ascii('moof'), check: movieBox },
  { name: 'ISO-BMFF mdat box', magic: ascii('mdat'), check: mediaDataBox },
  {
    name: 'RIFF WAVE/AVI header',
    magic: ascii('RIFF'),
    check: riffForm(['WAVE', 'AVI ', 'AVIX', 'RMID']),
  },
  { name: 'RF64 WAVE header', magic: ascii('RF64'), check: riffForm(['WAVE']) },
  { name: 'BW64 WAVE header', magic: ascii('BW64'), check: riffForm(['WAVE']) },
  { name: 'AIFF header', magic: ascii('FORM'), check: riffForm(['AIFF', 'AIFC']) },
  { name: 'ID3 tag', magic: ascii('ID3'), check: id3Tag },
  { name: 'FLAC stream header', magic: ascii('fLaC'), check: flacStream },
  { name: 'Ogg page', magic: ascii('OggS'), check: oggPage },
  {
    name: 'EBML (WebM/Matroska) header',
    magic: Buffer.of(0x1a, 0x45, 0xdf, 0xa3),
    check: ebmlHeader,
  },
  { name: 'CAF header', magic: ascii('caff'), check: cafFile },
  { name: 'AMR header', magic: ascii('#!AMR'), check: amrFile },
  { name: 'FLV header', magic: ascii('FLV'), check: flvFile },
  {
    name: 'ASF (WMA/WMV) header',
    magic: Buffer.of(0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa),
    check: always,
  },
]

/**
 * The name of a container or codec signature found anywhere in `bytes` ("ID3 tag"), or undefined.
 * Anywhere, not just at offset 0: an attacker sends a slice, or pads the front.
 */
export function findMediaSignature(bytes: Uint8Array): string | undefined {
  return findMagic(bytes, MEDIA_MAGICS) ?? findFrameSync(bytes)
}
