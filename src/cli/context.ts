import { Core } from '../core/app'
import { resolveDataDir } from '../core/config/defaultDataDir'
import type { GlobalFlags } from './splitGlobalFlags'

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  env: NodeJS.ProcessEnv
  /** The keyboard, for questions only a person at the terminal may answer (process.stdin if absent). */
  stdin?: NodeJS.ReadableStream
}

/** What every command gets: the global flags, the streams, and the core opened on first use. */
export class CliContext {
  private core: Core | null = null

  constructor(
    readonly flags: GlobalFlags,
    readonly io: CliIo,
  ) {}

  get dataDir(): string {
    return resolveDataDir(this.flags.dataDir, this.io.env)
  }

  openCore(): Core {
    this.core ??= new Core({ dataDir: this.dataDir, env: this.io.env })
    return this.core
  }

  /** Machine-readable output on stdout for --json, else the human text. */
  print(human: string, machine: unknown): void {
    this.io.stdout.write(this.flags.json ? JSON.stringify(machine) + '\n' : human)
  }

  async dispose(): Promise<void> {
    await this.core?.dispose()
  }
}
