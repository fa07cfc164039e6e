import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CoreError } from '../../core/CoreError'
import { startWebServer } from '../../web/startWebServer'
import { TerminalConfirmer } from '../../web/TerminalConfirmer'
import type { CliContext } from '../context'
import { portFlag } from '../portFlag'
import { serveUntilSignal } from '../serveUntilSignal'
import type { CommandHelp } from '../commandHelp'

/** `electron-vite build` writes the renderer here; the CLI runs from source (tsx), so from the repo. */
const builtRenderer = resolve(import.meta.dirname, '..', '..', '..', 'out', 'renderer')

/** `earshot web [--port N]`: the app's UI in a browser, on loopback, until SIGINT or SIGTERM. */
export async function webCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: '0' }, 'renderer-dir': { type: 'string' } },
  })
  const port = portFlag(values.port)
  const rendererDir = resolve(values['renderer-dir'] ?? builtRenderer)
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new CoreError(
      'renderer-not-built',
      'The UI is not built yet: run `npm run build` (or `npm run start:web`) first.',
    )
  }
  const core = ctx.openCore()
  // Where uploads go and what runs change only with a yes typed here, never from the page alone.
  const confirmer = new TerminalConfirmer({
    input: ctx.io.stdin ?? process.stdin,
    output: ctx.io.stderr,
  })
  const server = await startWebServer({ core, rendererDir, port, confirmer })
  core.reportAppOpened()
  ctx.print(
    `Earshot is running at ${server.url}\nOpen that link in a browser; Ctrl-C stops it.\n` +
      'Changes to the backend, its token, ffmpeg or the model are confirmed here.\n',
    {
      url: server.url,
    },
  )
  try {
    return await serveUntilSignal(ctx, server)
  } finally {
    confirmer.dispose()
  }
}

/** `earshot web --help` and `earshot help web`. */
export const webHelp: CommandHelp = {
  usage: ['web [--port N]'],
  summary: "The app's UI in a browser on 127.0.0.1; prints the URL and runs until Ctrl-C.",
  flags: [
    { flag: '--port N', description: 'port on 127.0.0.1 (default: any free port)' },
    { flag: '--renderer-dir DIR', description: 'the built renderer to serve' },
  ],
  examples: ['web', 'web --port 5173'],
}
