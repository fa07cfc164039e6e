import { DEFAULT_POLICY_LIMITS, type PolicyLimits } from './PolicyLimits'
import type { PolicyCode, PolicyRefusal, PolicyVerdict } from './PolicyVerdict'
import { collectJsonFields, type JsonFields, type JsonString } from './collectJsonFields'
import { findControlCharacter } from './findControlCharacter'
import { type BinaryFinding, findBinaryInBytes, findEncodedBinary } from './findEncodedBinary'
import { findOpaqueChain } from './findOpaqueChain'
import { findOpaqueRun } from './findOpaqueRun'
import { formatJsonPath } from './formatJsonPath'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * The body policy of the egress gate (DESIGN.md §5): decides whether `body` may leave the device.
 * Pure and synchronous; the gate refuses and audits on `ok: false`.
 *
 * Rules, first failure wins: total size; media or compression signatures in the raw bytes; strict
 * UTF-8; JSON; nesting depth; per string (keys included) size and binary characters; media or
 * compressed data under any encoding (raw, base64, base64url, hex, percent up to three levels,
 * number lists, one level of nesting), in each string and across all strings joined, and in byte
 * arrays; then opaque blobs: long runs of one encoding's alphabet in a string or chained across
 * strings, and long numeric arrays.
 */
export function inspectBody(body: Uint8Array, limits: Partial<PolicyLimits> = {}): PolicyVerdict {
  const l: PolicyLimits = { ...DEFAULT_POLICY_LIMITS, ...limits }

  if (body.byteLength > l.maxBodyBytes) {
    return refuse(
      'too-large',
      `The body is ${body.byteLength} bytes, over the ${l.maxBodyBytes}-byte limit.`,
    )
  }

  // Before decoding: media sent as-is must be named as media, not as "invalid UTF-8".
  const raw = findBinaryInBytes(body, 'the raw body bytes')
  if (raw !== undefined) return refuseBinary(raw, undefined, 'the body')

  let text: string
  try {
    text = utf8.decode(body)
  } catch {
    return refuse('invalid-utf8', 'The body is not valid UTF-8 text.')
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // The parser's message quotes the input, which may be the very data being refused.
    return refuse('not-json', 'The body is not valid JSON.')
  }

  const collected = collectJsonFields(json, l.maxDepth)
  if (!collected.ok) {
    const path = formatJsonPath(collected.tooDeep)
    return refuse('too-deep', `The body nests deeper than ${l.maxDepth} levels at ${path}.`, path)
  }
  const fields = collected.fields

  return (
    checkEachString(fields.strings, l) ??
    checkEncodedBinary(fields) ??
    checkOpaque(fields, l) ?? { ok: true, json }
  )
}

function checkEachString(
  strings: readonly JsonString[],
  l: PolicyLimits,
): PolicyRefusal | undefined {
  for (const field of strings) {
    const max = field.isKey ? l.maxKeyChars : l.maxFieldChars
    if (field.text.length > max) {
      const path = formatJsonPath(field.path)
      const what = field.isKey ? 'key' : 'string'
      return refuse(
        'field-too-large',
        `The ${what} at ${path} is ${field.text.length} characters, over the ${max}-character limit.`,
        path,
      )
    }
    const control = findControlCharacter(field.text, l.maxPrivateUseRun)
    if (control !== undefined) {
      const path = formatJsonPath(field.path)
      return refuse(
        'control-characters',
        `${describeField(field, path)} contains ${control}.`,
        path,
      )
    }
  }
  return undefined
}

/**
 * Scanning each string on its own would cost a dozen small decodes per string; instead the strings
 * are scanned joined (which also catches media split across fields), and only on a hit is each
 * string rescanned to name the one to blame.
 */
function checkEncodedBinary(fields: JsonFields): PolicyRefusal | undefined {
  // Joined with line breaks, so each string's base64 runs stay its own pieces; the alignment-free
  // views skip the breaks anyway. Then the values of each key on their own (every segment's
  // `text`, …): a blob split over segments has other fields between its pieces in document order,
  // which would misalign the decoding.
  const all = fields.strings.map((s) => s.text)
  let joinedFinding = findEncodedBinary(all.join('\n'))
  for (const group of groupValuesByKey(fields.strings)) {
    joinedFinding ??= findEncodedBinary(group.join('\n'), { raw: false })
  }

  if (joinedFinding !== undefined) {
    for (const field of fields.strings) {
      const finding = findEncodedBinary(field.text)
      if (finding !== undefined) {
        const path = formatJsonPath(field.path)
        return refuseBinary(finding, path, describeField(field, path))
      }
    }
    return refuseBinary(joinedFinding, undefined, "the concatenation of the body's strings")
  }

  for (const array of fields.numberArrays) {
    if (array.bytes === undefined) continue
    const finding = findBinaryInBytes(array.bytes, 'an array of byte values')
    if (finding !== undefined) {
      const path = formatJsonPath(array.path)
      return refuseBinary(finding, path, `The array at ${path}`)
    }
  }
  const spread = findBinaryInBytes(fields.byteStream, 'byte values spread over many numbers')
  if (spread !== undefined)
    return refuseBinary(spread, undefined, "the sequence of the body's numbers")
  return undefined
}

function checkOpaque(fields: JsonFields, l: PolicyLimits): PolicyRefusal | undefined {
  for (const field of fields.strings) {
    const run = findOpaqueRun(field.text, l)
    if (run !== undefined) {
      const path = formatJsonPath(field.path)
      return refuse('opaque-blob', `${describeField(field, path)} contains ${run}.`, path)
    }
  }
  const chain = findOpaqueChain(fields.strings, l.maxBase64Run)
  if (chain !== undefined) {
    const path = formatJsonPath(chain.path)
    return refuse(
      'opaque-blob',
      `${chain.strings} consecutive strings from ${path} on form a ${chain.chars}-character ${chain.alphabet} run.`,
      path,
    )
  }
  for (const array of fields.numberArrays) {
    const limit = array.bytes === undefined ? l.maxNumericArray : l.maxByteArray
    if (array.length > limit) {
      const path = formatJsonPath(array.path)
      const what = array.bytes === undefined ? 'numbers' : 'byte-sized integers'
      return refuse(
        'opaque-blob',
        `The array at ${path} holds ${array.length} ${what}, over the limit of ${limit}.`,
        path,
      )
    }
  }
  return undefined
}

/** String values grouped by the name of the member that holds them, array indices skipped. */
function groupValuesByKey(strings: readonly JsonString[]): string[][] {
  const groups = new Map<string | undefined, string[]>()
  for (const field of strings) {
    if (field.isKey) continue
    let node = field.path
    while (node !== undefined && typeof node.key === 'number') node = node.parent
    const key = node?.key as string | undefined
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [field.text])
    else group.push(field.text)
  }
  return [...groups.values()].filter((group) => group.length > 1)
}

function describeField(field: JsonString, path: string): string {
  return field.isKey ? `The key of ${path}` : `The string at ${path}`
}

function refuseBinary(
  finding: BinaryFinding,
  path: string | undefined,
  where: string,
): PolicyRefusal {
  const subject = where.charAt(0).toUpperCase() + where.slice(1)
  const reason =
    finding.code === 'media-signature'
      ? `${subject} contains media (${finding.what} in ${finding.encoding}).`
      : `${subject} contains ${finding.what}-compressed data in ${finding.encoding}, which could hide media.`
  return refuse(finding.code, reason, path)
}

function refuse(code: PolicyCode, reason: string, path?: string): PolicyRefusal {
  return path === undefined ? { ok: false, code, reason } : { ok: false, code, reason, path }
}
