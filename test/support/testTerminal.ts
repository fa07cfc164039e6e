import { PassThrough } from 'node:stream'
import { TerminalConfirmer } from '../../src/web/TerminalConfirmer'

export interface TestTerminal {
  confirmer: TerminalConfirmer
  /** Everything printed to the terminal so far. */
  printed: () => string
  /** Types a line and Enter, as the person at the terminal would. */
  type: (line: string) => void
  /** Resolves once the terminal shows its `count`-th question (1-based). */
  question: (count: number) => Promise<void>
  /** Answers every question `answer` as it appears, from now on; null stops answering. */
  answerEvery: (answer: string | null) => void
}

/** The terminal running `earshot web`, with a keyboard and screen the test holds. */
export function testTerminal(timeoutMs = 10_000): TestTerminal {
  const input = new PassThrough()
  const output = new PassThrough()
  let printed = ''
  let autoAnswer: string | null = null
  const waiters: (() => void)[] = []
  const questions = () => printed.split('[y/N]').length - 1
  output.setEncoding('utf8').on('data', (text: string) => {
    const before = questions()
    printed += text
    if (autoAnswer !== null && questions() > before) input.write(`${autoAnswer}\n`)
    for (const wake of waiters.splice(0)) wake()
  })
  const confirmer = new TerminalConfirmer({ input, output, timeoutMs })
  return {
    confirmer,
    printed: () => printed,
    type: (line) => input.write(`${line}\n`),
    question: async (count) => {
      while (questions() < count) await new Promise<void>((wake) => waiters.push(wake))
    },
    answerEvery: (answer) => {
      autoAnswer = answer
    },
  }
}
