import type { CliContext } from './context'

/**
 * One stderr line per item that did not succeed (DESIGN.md §7), after the per-item results on
 * stdout: a script reads the results, a person sees what went wrong.
 */
export function reportItemErrors(
  ctx: CliContext,
  failures: readonly { id: string; error: { code: string; message: string } | null }[],
): void {
  for (const { id, error } of failures) {
    const info = error ?? { code: 'incomplete', message: 'Did not complete.' }
    const message = `${id}: ${info.message.replace(/\s*\n\s*/g, ' ')}`
    ctx.io.stderr.write(
      ctx.flags.json
        ? `${JSON.stringify({ error: { code: info.code, message } })}\n`
        : `earshot: ${message}\n`,
    )
  }
}
