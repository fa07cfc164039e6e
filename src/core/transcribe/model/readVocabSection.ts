import { readFile } from 'node:fs/promises'

const GGML_MAGIC = 0x67676d6c
const HEADER_BYTES = 4 + 11 * 4

/**
 * The mel filterbank and vocabulary of an existing ggml whisper file (any real model, or the
 * tensor-less fixture), as the raw bytes that follow the hparams. Tensors after it are not read.
 */
export async function readVocabSection(path: string): Promise<Buffer> {
  const bytes = await readFile(path)
  if (bytes.length < HEADER_BYTES + 8 || bytes.readUInt32LE(0) !== GGML_MAGIC) {
    throw new Error(`${path} is not a ggml whisper file (bad magic)`)
  }
  let offset = HEADER_BYTES
  const nMel = bytes.readInt32LE(offset)
  const nFft = bytes.readInt32LE(offset + 4)
  offset += 8 + nMel * nFft * 4
  const nVocab = bytes.readInt32LE(offset)
  offset += 4
  for (let i = 0; i < nVocab; i++) offset += 4 + bytes.readUInt32LE(offset)
  if (offset > bytes.length) throw new Error(`${path} ends inside its vocabulary`)
  return bytes.subarray(HEADER_BYTES, offset)
}
