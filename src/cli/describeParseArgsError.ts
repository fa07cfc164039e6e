import { acceptedFlagNames, type CommandHelp } from './commandHelp'
import { closestMatch } from './closestMatch'

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags. */
export function isParseArgsError(error: unknown): error is TypeError & { code: string } {
  return (
    error instanceof TypeError &&
    String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')
  )
}

/**
 * One plain sentence for a parseArgs error, in place of Node's (which quotes unevenly and talks
 * about positionals). Null when the error is not one we know how to say better.
 */
export function describeParseArgsError(
  error: TypeError & { code: string },
  command: string,
  help: CommandHelp,
): string | null {
  // Node quotes the offending word first: '--modle', '--model <value>', 'foo'.
  const quoted = /'([^']+)'/.exec(error.message)?.[1]
  if (quoted === undefined) return null
  const flag = quoted.split(' ')[0] ?? quoted
  const seeHelp = `(see earshot ${command} --help)`
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return `${command} takes no arguments, only flags; '${quoted}' is not one ${seeHelp}.`
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return error.message.endsWith('argument missing')
      ? `${flag} needs a value ${seeHelp}.`
      : `${flag} is a switch and takes no value ${seeHelp}.`
  }
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return null
  const accepted = acceptedFlagNames(help)
  const near = closestMatch(flag, accepted)
  const hint = near === null ? '' : ` Did you mean "${near}"?`
  const list = accepted.length === 0 ? 'no flags of its own' : `only ${accepted.join(', ')}`
  return `${command} does not know the flag ${flag}; it accepts ${list} ${seeHelp}.${hint}`
}
