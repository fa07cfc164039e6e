/**
 * Raw little-endian f32 bytes (as they arrive from a pipe, cut anywhere) → Float32Array chunks that
 * each hold whole frames (`channels` samples), so interleaved stereo never splits a frame.
 * Copies each chunk: pipe buffers need not be 4-byte aligned, and Float32Array views require it.
 */
export async function* toFloat32Chunks(
  bytes: AsyncIterable<Uint8Array>,
  channels: number,
): AsyncGenerator<Float32Array, void, undefined> {
  const frameBytes = 4 * channels
  let carry: Uint8Array = new Uint8Array(0)
  for await (const piece of bytes) {
    const total = carry.length + piece.length
    const usable = total - (total % frameBytes)
    if (usable === 0) {
      carry = concat(carry, piece)
      continue
    }
    const out = new Float32Array(usable / 4)
    const view = new Uint8Array(out.buffer)
    view.set(carry.subarray(0, Math.min(carry.length, usable)))
    view.set(piece.subarray(0, usable - carry.length), carry.length)
    carry = piece.slice(usable - carry.length)
    yield out
  }
  // A partial trailing frame can only come from a killed ffmpeg; it is not audio, so it is dropped.
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
