/** A clock that only moves when something sleeps on it, so backoff runs instantly and exactly. */
export function fakeTime(start = Date.parse('2026-11-23T09:00:00.000Z')) {
  let now = start
  const sleeps: number[] = []
  return {
    clock: () => new Date(now),
    sleep: (ms: number) => {
      sleeps.push(ms)
      now += ms
      return Promise.resolve()
    },
    advance: (ms: number) => {
      now += ms
    },
    sleeps,
  }
}
