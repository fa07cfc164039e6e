import type { JobEvent } from '../core/jobs/JobRunner'
import { describeJobProgress } from '../shared/describeJobProgress'

const BAR_WIDTH = 24

/** What the reporter reads about the jobs beside their events. */
export interface ProgressContext {
  /** Audio length of a recording, for the speed of a finished one. */
  durationMs: (recordingId: string) => number | null
  /** How many jobs wait in the queue behind the running ones. */
  queued: () => number
}

const noContext: ProgressContext = { durationMs: () => null, queued: () => 0 }

/**
 * Job progress on stderr: a redrawn bar with percent, time left and the queue on a terminal,
 * plain lines (one per change of state) otherwise, so logs and pipes stay readable. A finished
 * job says how long it took and at what speed.
 */
export class ProgressReporter {
  private lineOpen = false

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly titles: ReadonlyMap<string, string>,
    private readonly context: ProgressContext = noContext,
  ) {}

  handle(event: JobEvent): void {
    const title = this.titles.get(event.recordingId) ?? event.recordingId.slice(0, 8)
    if (event.type === 'progress' && this.out.isTTY === true) {
      const filled = Math.round((event.percent / 100) * BAR_WIDTH)
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled)
      const figures = describeJobProgress({
        status: 'transcribing',
        progress: event.percent,
        durationMs: null,
        secondsLeft: event.secondsLeft,
      })
      const queued = this.context.queued()
      const queue = queued > 0 ? ` · ${queued} more in the queue` : ''
      this.out.write(`\r${bar} ${figures}${queue}  ${title}\x1b[K`)
      this.lineOpen = true
    } else if (event.type === 'status') {
      this.line(`${title}: ${event.status}`)
    } else if (event.type === 'finished') {
      const took = describeJobProgress({
        status: event.status,
        progress: 100,
        durationMs: this.context.durationMs(event.recordingId),
        processingMs: event.processingMs ?? null,
      })
      const detail = event.error ? ` — ${event.error.message}` : took === '' ? '' : ` · ${took}`
      this.line(`${title}: ${event.status}${detail}`)
    }
  }

  private line(text: string): void {
    if (this.lineOpen) this.out.write('\r\x1b[K')
    this.lineOpen = false
    this.out.write(text + '\n')
  }
}
