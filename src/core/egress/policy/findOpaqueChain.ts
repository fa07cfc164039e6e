import type { JsonPath, JsonString } from './collectJsonFields'

export interface OpaqueChain {
  /** Path of the first string of the chain. */
  path: JsonPath | undefined
  strings: number
  chars: number
  alphabet: 'base64' | 'hex'
}

const BASE64_ONLY = /^[A-Za-z0-9+/=_-]+$/
const HEX_ONLY = /^[0-9A-Fa-f]+$/

/**
 * A blob cut into many small strings, each too short to look like anything: consecutive string
 * values that each consist only of one encoding's alphabet, longer than `maxRun` together.
 *
 * A chain of identifiers ("app_opened", UUIDs, digests) is normal, so a base64 chain also has to
 * look random: upper case, lower case and digits each at least 5% of it, as in any base64 of
 * binary (about 40/40/16%). A hex chain has to mix digits and letters.
 */
export function findOpaqueChain(
  strings: readonly JsonString[],
  maxRun: number,
): OpaqueChain | undefined {
  let base64 = new Chain('base64')
  let hex = new Chain('hex')
  for (const field of strings) {
    if (field.isKey) continue
    const { text } = field
    base64 = BASE64_ONLY.test(text) ? base64.add(field) : new Chain('base64')
    hex = HEX_ONLY.test(text) ? hex.add(field) : new Chain('hex')
    if (base64.chars > maxRun && base64.looksRandom()) return base64.describe()
    if (hex.chars > maxRun && hex.looksRandom()) return hex.describe()
  }
  return undefined
}

class Chain {
  chars = 0
  strings = 0
  upper = 0
  lower = 0
  digits = 0
  path: JsonPath | undefined

  constructor(readonly alphabet: 'base64' | 'hex') {}

  add(field: JsonString): this {
    if (this.strings === 0) this.path = field.path
    this.strings++
    this.chars += field.text.length
    this.upper += count(field.text, /[A-Z]/g)
    this.lower += count(field.text, /[a-z]/g)
    this.digits += count(field.text, /[0-9]/g)
    return this
  }

  looksRandom(): boolean {
    const share = (n: number): boolean => n >= this.chars * 0.05
    if (this.alphabet === 'hex') return this.digits > 0 && this.upper + this.lower > 0
    return share(this.upper) && share(this.lower) && share(this.digits)
  }

  describe(): OpaqueChain {
    return { path: this.path, strings: this.strings, chars: this.chars, alphabet: this.alphabet }
  }
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0
}
