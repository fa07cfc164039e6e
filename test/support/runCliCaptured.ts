import { Writable } from 'node:stream'
import { runCli, type CliIo } from '../../src/cli/run'

class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8')
    done()
  }
}

/** Runs the CLI in this process with captured output: the same code path as the `earshot` binary. */
export async function runCliCaptured(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  /** What the test hands the core (a loopback model catalogue). */
  core?: CliIo['core'],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runCli(argv, {
    stdout,
    stderr,
    env: { ...process.env, ...env },
    ...(core !== undefined && { core }),
  })
  return { code, stdout: stdout.text, stderr: stderr.text }
}
