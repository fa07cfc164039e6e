// `npm start`: build, then launch the Electron app; where no Electron binary can be had,
// say so in one sentence and run web mode instead so the product still starts.
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const build = spawnSync('npx', ['--no-install', 'electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

function electronBinary() {
  try {
    // The electron package exports the binary's path; it throws when the download never happened.
    return createRequire(import.meta.url)('electron')
  } catch {
    return null
  }
}

const binary = electronBinary()
const child = binary
  ? spawn(binary, ['.'], { stdio: 'inherit' })
  : (console.error(
      'The Electron binary is not installed and could not be fetched, so Earshot is starting in web mode instead.',
    ),
    spawn('npx', ['--no-install', 'tsx', 'src/cli/main.ts', 'web'], { stdio: 'inherit' }))
child.on('exit', (code) => process.exit(code ?? 1))
