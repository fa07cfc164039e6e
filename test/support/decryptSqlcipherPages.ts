import { createDecipheriv } from 'node:crypto'

/** SQLCipher 4's reserve at the end of every page: a 16-byte IV, then a 64-byte HMAC-SHA512. */
const RESERVE = 80
const IV_BYTES = 16
const SALT_BYTES = 16
const WAL_HEADER = 32
const WAL_FRAME_HEADER = 24

/**
 * The plaintext of every page in an encrypted database file or its WAL, concatenated: what a
 * reader holding the key could see, free pages and old WAL frames included, so "no word is left"
 * can still be checked byte for byte under encryption (SQLCipher design notes: AES-256-CBC per
 * page with a raw key, IV stored in the page's reserve; page 1 starts with the file's salt).
 */
export function decryptSqlcipherPages(bytes: Buffer, key: Buffer, kind: 'db' | 'wal'): Buffer {
  const pages: Buffer[] = []
  if (kind === 'wal') {
    if (bytes.byteLength < WAL_HEADER) return Buffer.alloc(0)
    const pageSize = bytes.readUInt32BE(8)
    for (
      let offset = WAL_HEADER;
      offset + WAL_FRAME_HEADER + pageSize <= bytes.byteLength;
      offset += WAL_FRAME_HEADER + pageSize
    ) {
      const pageNumber = bytes.readUInt32BE(offset)
      pages.push(decryptPage(bytes, offset + WAL_FRAME_HEADER, pageSize, key, pageNumber === 1))
    }
    return Buffer.concat(pages)
  }
  const first = decryptPage(bytes, 0, 4096, key, true)
  // Bytes 16–17 of the SQLite header (here right after the salt): the page size, 1 meaning 65536.
  const stored = first.readUInt16BE(0)
  const pageSize = stored === 1 ? 65536 : stored
  for (let offset = 0; offset + pageSize <= bytes.byteLength; offset += pageSize) {
    pages.push(decryptPage(bytes, offset, pageSize, key, offset === 0))
  }
  return Buffer.concat(pages)
}

function decryptPage(
  bytes: Buffer,
  offset: number,
  pageSize: number,
  key: Buffer,
  isFirst: boolean,
): Buffer {
  const iv = bytes.subarray(offset + pageSize - RESERVE, offset + pageSize - RESERVE + IV_BYTES)
  const decipher = createDecipheriv('aes-256-cbc', key, iv)
  decipher.setAutoPadding(false)
  const body = bytes.subarray(offset + (isFirst ? SALT_BYTES : 0), offset + pageSize - RESERVE)
  return Buffer.concat([decipher.update(body), decipher.final()])
}
