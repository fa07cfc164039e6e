import type { CliContext } from './context'

/**
 * Keeps a server the command started running until SIGINT (Ctrl-C) or SIGTERM, then closes it
 * before the command returns, so the CLI exits on its own instead of being killed mid-request.
 */
export async function serveUntilSignal(
  ctx: CliContext,
  server: { close: () => Promise<void> },
): Promise<number> {
  const signal = await new Promise<NodeJS.Signals>((done) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      done(name)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  await server.close()
  if (!ctx.flags.json) ctx.io.stderr.write(`Stopped (${signal}).\n`)
  return 0
}
