import { createInterface, type Interface } from 'node:readline'
import {
  describeChange,
  type ChangeConfirmer,
  type SensitiveChange,
} from '../core/api/ChangeConfirmer'

export interface TerminalConfirmerOptions {
  /** The terminal's keyboard (`process.stdin` for `earshot web`). */
  input: NodeJS.ReadableStream
  /** Where the question is printed (stderr, so `--json` stdout stays one document). */
  output: NodeJS.WritableStream
  /** How long a question waits for an answer before it counts as no (default 2 minutes). */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 120_000

/**
 * Web mode's confirmation (issue 9): a sensitive change the page asks for is put, value and all, to
 * the person at the terminal that runs `earshot web`, who answers y or N on its stdin. The page's
 * session cannot answer: nothing it sends reaches that stdin. One question at a time; only a line
 * typed while a question is open answers it (a `y` typed earlier answers nothing); no answer, any
 * other answer, or a closed stdin is no.
 */
export class TerminalConfirmer implements ChangeConfirmer {
  readonly where = 'the terminal running `earshot web`'
  private readonly lines: Interface
  private readonly timeoutMs: number
  private answer: ((line: string | null) => void) | null = null
  private closed = false
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: TerminalConfirmerOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.lines = createInterface({ input: options.input, terminal: false })
    this.lines.on('line', (line) => {
      this.answer?.(line)
    })
    this.lines.on('close', () => {
      this.closed = true
      this.answer?.(null)
    })
  }

  confirm(change: SensitiveChange): Promise<boolean> {
    const asked = this.queue.then(() => this.ask(change))
    this.queue = asked
    return asked
  }

  /** Stops reading the terminal; open and later questions are answered no. */
  dispose(): void {
    this.lines.close()
  }

  private async ask(change: SensitiveChange): Promise<boolean> {
    const { output } = this.options
    if (this.closed) {
      output.write(`\nThe page asked to ${describeChange(change)}; refused (no terminal input).\n`)
      return false
    }
    // Listening before the question is printed, so even an instant answer is heard.
    const answered = new Promise<string | null>((settle) => {
      const timer = setTimeout(() => {
        settle(null)
      }, this.timeoutMs)
      this.answer = (line) => {
        clearTimeout(timer)
        settle(line)
      }
    })
    output.write(
      `\nThe Earshot page asks to ${describeChange(change)}.\n` +
        `Allow it? Type y and Enter within ${Math.round(this.timeoutMs / 1000)} s [y/N]: `,
    )
    const line = await answered
    this.answer = null
    const allowed = line !== null && /^\s*y(es)?\s*$/i.test(line)
    output.write(allowed ? 'Allowed.\n' : line === null ? '\nNo answer: refused.\n' : 'Refused.\n')
    return allowed
  }
}
