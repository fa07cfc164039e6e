/** A JSON path as a linked list: built for every node, so it must cost one small object, no copy. */
export interface JsonPath {
  parent: JsonPath | undefined
  key: string | number
}

export interface JsonString {
  text: string
  /** Object keys are scanned like values: they can carry data too. */
  isKey: boolean
  /** For a key, the path of its member. */
  path: JsonPath | undefined
}

export interface JsonNumberArray {
  path: JsonPath | undefined
  length: number
  /** Set when every element is an integer 0–255: the array is a byte array. */
  bytes: Uint8Array | undefined
}

export interface JsonFields {
  /** Every key and string value, in document order. */
  strings: JsonString[]
  /** Arrays of 8 or more numbers (shorter ones are coordinates, pairs, tiny lists). */
  numberArrays: JsonNumberArray[]
  /** Every integer 0–255 in the document, in order: bytes spread over many fields or arrays. */
  byteStream: Uint8Array
}

export type CollectResult =
  { ok: true; fields: JsonFields } | { ok: false; tooDeep: JsonPath | undefined }

const MIN_NUMBER_ARRAY = 8

/** Walks parsed JSON once and gathers what the policy inspects; stops below `maxDepth` levels. */
export function collectJsonFields(json: unknown, maxDepth: number): CollectResult {
  const strings: JsonString[] = []
  const numberArrays: JsonNumberArray[] = []
  const byteStream: number[] = []
  let tooDeep: { at: JsonPath | undefined } | undefined

  const walk = (value: unknown, path: JsonPath | undefined, depth: number): void => {
    if (tooDeep !== undefined) return
    if (typeof value === 'string') {
      strings.push({ text: value, isKey: false, path })
    } else if (typeof value === 'number') {
      if (Number.isInteger(value) && value >= 0 && value <= 255) byteStream.push(value)
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= maxDepth) {
        tooDeep = { at: path }
        return
      }
      if (Array.isArray(value)) {
        const items: unknown[] = value
        if (items.length >= MIN_NUMBER_ARRAY && items.every((v) => typeof v === 'number')) {
          const numbers = items
          const byteValued = numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)
          numberArrays.push({
            path,
            length: numbers.length,
            bytes: byteValued ? Uint8Array.from(numbers) : undefined,
          })
        }
        for (let index = 0; index < items.length; index++) {
          walk(items[index], { parent: path, key: index }, depth + 1)
        }
      } else {
        const record = value as Record<string, unknown>
        // JSON.parse makes plain objects with own properties only: for…in needs no guard.
        for (const key in record) {
          const member = { parent: path, key }
          strings.push({ text: key, isKey: true, path: member })
          walk(record[key], member, depth + 1)
        }
      }
    }
  }

  walk(json, undefined, 0)
  if (tooDeep !== undefined) return { ok: false, tooDeep: tooDeep.at }
  return { ok: true, fields: { strings, numberArrays, byteStream: Uint8Array.from(byteStream) } }
}
