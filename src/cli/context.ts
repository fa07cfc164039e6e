import { Core, type CoreOptions } from '../core/app'
import { resolveDataDir } from '../core/config/defaultDataDir'
import { KEY_FILE_PROTECTION_NOTE } from '../core/keys/resolveDatabaseKey'
import type { GlobalFlags } from './splitGlobalFlags'

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  env: NodeJS.ProcessEnv
  /** The keyboard, for questions only a person at the terminal may answer (process.stdin if absent). */
  stdin?: NodeJS.ReadableStream
  /** What an in-process test hands the core: a loopback model catalogue. Never from the command line. */
  core?: Pick<CoreOptions, 'modelCatalog'>
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
    if (this.core === null) {
      this.core = new Core({ ...this.io.core, dataDir: this.dataDir, env: this.io.env })
      const { created, keyFile } = this.core.databaseKey
      // Said once, to a person, when this start made the key (`config get storage.keyFile` says
      // it any time); scripts reading stderr are not handed a new line on a first run.
      if (created && keyFile !== null && this.io.stderr.isTTY === true) {
        this.io.stderr.write(`Made a new database key in ${keyFile}. ${KEY_FILE_PROTECTION_NOTE}\n`)
      }
    }
    return this.core
  }

  /** Machine-readable output on stdout for --json, else the human text. */
  print(human: string, machine: unknown): void {
    this.io.stdout.write(this.flags.json ? JSON.stringify(machine) + '\n' : human)
  }

  /** Closes the core now (a command that must work on closed databases); a later use reopens. */
  async closeCore(): Promise<void> {
    const core = this.core
    this.core = null
    await core?.dispose()
  }

  async dispose(): Promise<void> {
    await this.closeCore()
  }
}
