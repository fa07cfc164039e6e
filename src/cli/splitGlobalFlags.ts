import { UsageError } from './errors'

export interface GlobalFlags {
  dataDir: string | undefined
  json: boolean
  help: boolean
}

/**
 * Global flags may stand anywhere (`earshot --json list`, `earshot list --json`); they are taken out
 * here so each command parses only its own flags, strictly. `--` ends flag parsing.
 */
export function splitGlobalFlags(argv: readonly string[]): { flags: GlobalFlags; rest: string[] } {
  const flags: GlobalFlags = { dataDir: undefined, json: false, help: false }
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (arg === '--json') flags.json = true
    else if (arg === '--help' || arg === '-h') flags.help = true
    else if (arg === '--data-dir') {
      const value = argv[++i]
      if (value === undefined || value === '') throw new UsageError('--data-dir needs a folder')
      flags.dataDir = value
    } else if (arg.startsWith('--data-dir=')) flags.dataDir = arg.slice('--data-dir='.length)
    else rest.push(arg)
  }
  return { flags, rest }
}
