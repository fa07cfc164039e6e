import { asBuffer } from './asBuffer'

/**
 * A magic value plus the structure around it that a real file must have. The magic alone is too
 * weak: decoded views of ordinary text are pseudo-random bytes, and a 4-byte magic turns up in a few
 * megabytes of those. Every check below adds enough fixed bits (about 40 or more in total) that a
 * false hit in a 5 MiB body stays far below one in a million.
 */
export interface Magic {
  name: string
  magic: Buffer
  /** `at` is the index of the magic in `b`; `byte(i)` is -1 past either end. */
  check: (byte: (i: number) => number, at: number) => boolean
}

/** The name of the first magic whose structure checks out anywhere in `bytes`. */
export function findMagic(bytes: Uint8Array, magics: readonly Magic[]): string | undefined {
  const b = asBuffer(bytes)
  const byte = (i: number): number => b[i] ?? -1
  for (const m of magics) {
    for (let at = b.indexOf(m.magic); at !== -1; at = b.indexOf(m.magic, at + 1)) {
      if (m.check(byte, at)) return m.name
    }
  }
  return undefined
}

export function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1')
}

export function u32be(byte: (i: number) => number, i: number): number {
  return byte(i) * 0x1000000 + byte(i + 1) * 0x10000 + byte(i + 2) * 0x100 + byte(i + 3)
}

export function fourCc(byte: (i: number) => number, i: number): string {
  return String.fromCharCode(byte(i), byte(i + 1), byte(i + 2), byte(i + 3))
}
