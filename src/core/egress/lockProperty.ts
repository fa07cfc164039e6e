/**
 * Replaces `target[name]` with `value` for good: not writable, not configurable, so neither an
 * assignment nor `Object.defineProperty` can put the original back (issue 9). Returns the
 * original, which the caller keeps to itself.
 */
export function lockProperty<T>(target: object, name: PropertyKey, value: T): T | undefined {
  const original = (target as Record<PropertyKey, unknown>)[name] as T | undefined
  const descriptor = Object.getOwnPropertyDescriptor(target, name)
  Object.defineProperty(target, name, {
    value,
    writable: false,
    configurable: false,
    enumerable: descriptor?.enumerable ?? false,
  })
  return original
}
