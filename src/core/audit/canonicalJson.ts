import { CoreError } from '../CoreError'

export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue }

/**
 * The one definition of canonical JSON for the audit log: the subset of RFC 8785 (JCS) it needs.
 * - object keys sorted by UTF-16 code units (RFC 8785 §3.2.3; Array#sort's default order);
 * - no whitespace anywhere;
 * - strings escaped exactly as JSON.stringify does (RFC 8785 §3.2.2.2), and lone surrogates refused
 *   because they cannot round-trip through UTF-8 storage;
 * - numbers only as safe integers, so no floating-point formatting is ever involved;
 * - null, true, false as themselves; arrays in order; only plain objects.
 * Anything else (undefined, at the top or nested in an object or array, NaN, 1.5, a Date, a
 * Buffer) throws rather than hashing something ambiguous.
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isSafeInteger(value)) throw notCanonical(`the number ${String(value)}`)
      // String(-0) is '0', which is also what RFC 8785 prescribes.
      return String(value)
    case 'string':
      if (!isWellFormed(value)) throw notCanonical('a string with a lone surrogate')
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw notCanonical(`${typeof value} values`)
  }
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i += 1) {
      const item = (value as readonly CanonicalValue[])[i] as CanonicalValue
      out += (i === 0 ? '' : ',') + canonicalJson(item)
    }
    return out + ']'
  }
  const prototype = Object.getPrototypeOf(value) as unknown
  if (prototype !== Object.prototype && prototype !== null)
    throw notCanonical('an object that is not a plain object')
  const object = value as { readonly [key: string]: CanonicalValue }
  const keys = Object.keys(object)
  // verify() serializes every entry, so the common case takes the fast road: keys already in
  // canonical order and only primitive values print exactly as JSON.stringify prints them (it walks
  // the same own-key order as Object.keys, ECMA-262 §25.5.2.5). Twice as fast as building by hand.
  if (isFlatAndSorted(object, keys)) return JSON.stringify(object)
  keys.sort()
  let out = '{'
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string
    const item = object[key]
    // Not written as null (a different value that would hash the same as a real null) and not left
    // out (JSON.stringify's choice, which makes `{a: undefined}` and `{}` one record): refused.
    if (item === undefined) throw notCanonical(`undefined values (at key ${JSON.stringify(key)})`)
    out += (i === 0 ? '' : ',') + canonicalJson(key) + ':' + canonicalJson(item)
  }
  return out + '}'
}

/** Keys strictly ascending and every value a primitive canonicalJson accepts (else it throws). */
function isFlatAndSorted(
  object: { readonly [key: string]: CanonicalValue },
  keys: readonly string[],
): boolean {
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string
    if (i > 0 && !((keys[i - 1] as string) < key)) return false
    if (!isWellFormed(key)) throw notCanonical('a key with a lone surrogate')
    const item = object[key]
    if (item === null || typeof item === 'boolean') continue
    if (typeof item === 'string') {
      if (!isWellFormed(item)) throw notCanonical('a string with a lone surrogate')
    } else if (typeof item === 'number') {
      if (!Number.isSafeInteger(item)) throw notCanonical(`the number ${String(item)}`)
    } else {
      return false
    }
  }
  return true
}

// ES2024 String#isWellFormed (Node ≥ 20): false exactly when there is a lone surrogate.
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed()
}

function notCanonical(what: string): CoreError {
  return new CoreError('not-canonical-json', `Canonical JSON cannot hold ${what}.`)
}
