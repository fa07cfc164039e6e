import type { ChangeConfirmer, SensitiveChange } from '../../src/core/api/ChangeConfirmer'

/**
 * Stands in for the person at the dialog or terminal: answers every question `answer`, and keeps
 * what was asked so a test can say the user saw it. Tests of the real terminal use TerminalConfirmer.
 */
export function scriptedConfirmer(answer: boolean): ChangeConfirmer & { asked: SensitiveChange[] } {
  const asked: SensitiveChange[] = []
  return {
    where: 'the test',
    asked,
    confirm: (change) => {
      asked.push(change)
      return Promise.resolve(answer)
    },
  }
}
