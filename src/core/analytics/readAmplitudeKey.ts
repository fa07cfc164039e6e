/**
 * The Amplitude project key, from `EARSHOT_AMPLITUDE_KEY` (set in the environment, or injected into
 * `process.env` by the build that ships the app). No key, no analytics: the setting
 * `analytics.enabled` then changes nothing, since there is no project to send to. A key that is
 * present is checked by `Analytics` itself (32 hex digits) and a malformed one fails loudly.
 */
export function readAmplitudeKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env.EARSHOT_AMPLITUDE_KEY?.trim()
  return key === undefined || key === '' ? undefined : key
}
