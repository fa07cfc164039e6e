const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** IEEE 754 binary16 bits of a number (round to nearest; subnormals flushed to signed zero). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value
  const bits = u32[0] ?? 0
  const sign = (bits >>> 16) & 0x8000
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15
  const mantissa = bits & 0x7fffff
  if (exponent <= 0) return sign
  if (exponent >= 0x1f) return sign | 0x7c00
  const rounded = (exponent << 10) + ((mantissa + 0x1000) >>> 13)
  return sign | Math.min(rounded, 0x7bff)
}
