import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CoreError } from '../../core/CoreError'
import { startWebServer } from '../../web/startWebServer'
import type { CliContext } from '../context'
import { portFlag } from '../portFlag'
import { serveUntilSignal } from '../serveUntilSignal'

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
  const server = await startWebServer({ core, rendererDir, port })
  core.reportAppOpened()
  ctx.print(
    `Earshot is running at ${server.url}\nOpen that link in a browser; Ctrl-C stops it.\n`,
    {
      url: server.url,
    },
  )
  return serveUntilSignal(ctx, server)
}
