import { readFile } from 'node:fs/promises'

/**
 * 16-bit PCM mono WAV → float32 samples in [-1, 1). Enough for the fixtures (jfk.wav is 16 kHz
 * mono s16), without depending on the media module.
 */
export async function readWavPcm(path: string): Promise<{ sampleRate: number; pcm: Float32Array }> {
  const bytes = await readFile(path)
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a WAV file`)
  }
  let sampleRate = 0
  let offset = 12
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4)
    const size = bytes.readUInt32LE(offset + 4)
    const body = offset + 8
    if (id === 'fmt ') {
      const format = bytes.readUInt16LE(body)
      const channels = bytes.readUInt16LE(body + 2)
      const bits = bytes.readUInt16LE(body + 14)
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(`${path}: only 16-bit PCM mono is supported`)
      }
      sampleRate = bytes.readUInt32LE(body + 4)
    } else if (id === 'data') {
      const count = Math.floor(Math.min(size, bytes.length - body) / 2)
      const pcm = new Float32Array(count)
      for (let i = 0; i < count; i++) pcm[i] = bytes.readInt16LE(body + 2 * i) / 32768
      return { sampleRate, pcm }
    }
    offset = body + size + (size % 2)
  }
  throw new Error(`${path} has no data chunk`)
}
