/**
 * What `earshot <command> --help` prints. Each command declares its own next to its code, so the
 * help and the flags it describes change in one place.
 */
export interface CommandHelp {
  /** Call forms, each without the leading `earshot `. */
  usage: readonly string[]
  summary: string
  /** Every flag the command accepts, as written on the line (`--model PATH`), with one line each. */
  flags: readonly { flag: string; description: string }[]
  /** One or two whole command lines, without the leading `earshot `. */
  examples: readonly string[]
}

export function formatCommandHelp(help: CommandHelp): string {
  const lines = [...help.usage.map((u, i) => `${i === 0 ? 'Usage:' : '      '} earshot ${u}`)]
  lines.push('', help.summary)
  if (help.flags.length > 0) {
    const width = Math.max(...help.flags.map((f) => f.flag.length))
    lines.push(
      '',
      'Flags:',
      ...help.flags.map((f) => `  ${f.flag.padEnd(width)}  ${f.description}`),
    )
  }
  lines.push('', 'Examples:', ...help.examples.map((e) => `  earshot ${e}`))
  lines.push('', 'Global: --data-dir DIR, --json. Exit codes: 0 ok, 1 failure, 2 usage.')
  return lines.join('\n') + '\n'
}

/** The flag names alone (`--model` from `--model PATH`), for error messages. */
export function acceptedFlagNames(help: CommandHelp): string[] {
  return [...new Set(help.flags.map((f) => f.flag.split(/[ =]/)[0] ?? f.flag))]
}
