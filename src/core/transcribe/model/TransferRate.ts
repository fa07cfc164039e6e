/**
 * Bytes per second over the last few seconds of a transfer, and the time left at that speed.
 * A window, not the average since the start: a connection that slows down shows it within
 * seconds, and a resumed prefix (already on disk, not transferred) never counts as speed.
 */
export class TransferRate {
  private readonly samples: { at: number; bytes: number }[] = []

  constructor(
    private readonly windowMs = 5_000,
    /** Below this much measured time a speed is noise (the first chunk of a burst). */
    private readonly minSpanMs = 500,
  ) {}

  /** `bytes`: the running total at `atMs`. */
  add(atMs: number, bytes: number): void {
    this.samples.push({ at: atMs, bytes })
    while (this.samples.length > 2 && atMs - (this.samples[1]?.at ?? atMs) >= this.windowMs) {
      this.samples.shift()
    }
  }

  bytesPerSecond(): number | null {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    if (first === undefined || last === undefined) return null
    const span = last.at - first.at
    if (span < this.minSpanMs) return null
    return ((last.bytes - first.bytes) * 1000) / span
  }

  secondsLeft(total: number): number | null {
    const speed = this.bytesPerSecond()
    const last = this.samples.at(-1)
    if (speed === null || last === undefined || speed <= 0) return null
    return Math.max(0, (total - last.bytes) / speed)
  }
}
