import type { JobEvent } from '../core/jobs/JobRunner'

const BAR_WIDTH = 24

/**
 * Job progress on stderr: a redrawn bar on a terminal, plain lines (one per change of state)
 * otherwise, so logs and pipes stay readable.
 */
export class ProgressReporter {
  private lineOpen = false

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly titles: ReadonlyMap<string, string>,
  ) {}

  handle(event: JobEvent): void {
    const title = this.titles.get(event.recordingId) ?? event.recordingId.slice(0, 8)
    if (event.type === 'progress' && this.out.isTTY === true) {
      const filled = Math.round((event.percent / 100) * BAR_WIDTH)
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled)
      this.out.write(`\r${bar} ${event.percent.toFixed(0).padStart(3)}%  ${title}\x1b[K`)
      this.lineOpen = true
    } else if (event.type === 'status') {
      this.line(`${title}: ${event.status}`)
    } else if (event.type === 'finished') {
      this.line(`${title}: ${event.status}${event.error ? ` — ${event.error.message}` : ''}`)
    }
  }

  private line(text: string): void {
    if (this.lineOpen) this.out.write('\r\x1b[K')
    this.lineOpen = false
    this.out.write(text + '\n')
  }
}
