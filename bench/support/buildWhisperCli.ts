import { spawn } from 'node:child_process'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'

export interface WhisperCliBuild {
  binary: string
  /** Make variables the CLI was built with. */
  makeArgs: string[]
}

/**
 * Builds whisper.cpp's `main` example from the source smart-whisper vendors, so engine and CLI run
 * the same code. The npm tarball ships the Makefile but no CMakeLists.txt, so this uses make. The
 * source is copied into `cacheDir` first: objects never land in node_modules. Cached by make args.
 *
 * `openmp: false` (GGML_NO_OPENMP=1) matches the node-gyp build, which does not define
 * GGML_USE_OPENMP; with it, the CLI uses OpenMP threads, as a cmake build of that era would.
 */
export async function buildWhisperCli(options: {
  sourceDir: string
  cacheDir: string
  openmp: boolean
}): Promise<WhisperCliBuild> {
  const variant = options.openmp ? 'openmp' : 'no-openmp'
  const dir = join(options.cacheDir, `src-${variant}`)
  const binary = join(dir, 'main')
  const makeArgs = options.openmp ? [] : ['GGML_NO_OPENMP=1']
  const stampPath = join(dir, '.earshot-stamp')
  const stamp = JSON.stringify({ makeArgs, source: options.sourceDir })
  if (
    existsSync(binary) &&
    existsSync(stampPath) &&
    (await readFile(stampPath, 'utf8')) === stamp
  ) {
    return { binary, makeArgs }
  }
  await rm(dir, { recursive: true, force: true })
  await cp(options.sourceDir, dir, { recursive: true })
  // The tarball leaves out scripts/get-flags.mk, which only adds compiler-version warning flags.
  const flagsMk = join(dir, 'scripts', 'get-flags.mk')
  if (!existsSync(flagsMk)) {
    await mkdir(join(dir, 'scripts'), { recursive: true })
    await writeFile(flagsMk, '# placeholder: not shipped in the smart-whisper npm tarball\n')
  }
  await run('make', ['-j', String(availableParallelism()), ...makeArgs, 'main'], dir)
  await writeFile(stampPath, stamp)
  return { binary, makeArgs }
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? 'a signal'}`))
    })
  })
}
