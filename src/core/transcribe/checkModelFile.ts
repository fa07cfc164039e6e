import { open } from 'node:fs/promises'
import { TranscribeError } from './TranscribeError'

const GGML_MAGIC = 0x67676d6c

/** Whether a file's first four bytes are the ggml magic every whisper.cpp model starts with. */
export function isGgmlHead(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === GGML_MAGIC
}

/**
 * Fails fast, in the host, on the two model problems a user can fix: a wrong path and a file that is
 * not a ggml whisper model. Deeper damage (truncated tensors) still surfaces from the worker.
 */
export async function checkModelFile(path: string): Promise<void> {
  let file
  try {
    file = await open(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TranscribeError('model-not-found', `No whisper model at ${path}.`, { cause: error })
    }
    throw new TranscribeError('model-invalid', `Cannot read the whisper model ${path}.`, {
      cause: error,
    })
  }
  try {
    const head = Buffer.alloc(4)
    const { bytesRead } = await file.read(head, 0, 4, 0).catch((error: unknown) => {
      throw new TranscribeError('model-invalid', `Cannot read the whisper model ${path}.`, {
        cause: error,
      })
    })
    if (bytesRead < 4 || !isGgmlHead(head)) {
      throw new TranscribeError('model-invalid', `${path} is not a ggml whisper model.`)
    }
  } finally {
    await file.close()
  }
}
