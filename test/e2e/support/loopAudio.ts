import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/** `input` played `times` times in a row, as one file (made once, then reused). */
export function loopAudio(input: string, times: number, out: string): string {
  if (existsSync(out)) return out
  mkdirSync(dirname(out), { recursive: true })
  const args = ['-nostdin', '-loglevel', 'error', '-y', '-stream_loop', String(times - 1)]
  const made = spawnSync('ffmpeg', [...args, '-i', input, '-c', 'copy', out], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(`ffmpeg could not loop ${input}: ${made.stderr}`)
  return out
}
