import { readdirSync, readFileSync } from 'node:fs'

/** Names of this process's live child processes, read from /proc (Linux, where the tests run). */
export function childProcessNames(): string[] {
  const names: string[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // exited while we looked
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(')')
    const [state, ppid] = stat.slice(close + 2).split(' ')
    if (Number(ppid) === process.pid && state !== 'Z') {
      names.push(stat.slice(stat.indexOf('(') + 1, close))
    }
  }
  return names
}
