import { open } from 'node:fs/promises'

/** The first bytes of a file (fewer if it is shorter), for signature sniffing. */
export async function readFileHead(path: string, length = 64): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = new Uint8Array(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
