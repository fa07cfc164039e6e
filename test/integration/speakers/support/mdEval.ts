import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** NIST's scorer from Debian's `sctk` package (added to .ci/run). */
export const MD_EVAL = '/usr/lib/sctk/bin/md-eval.pl'

export interface RttmTurn {
  startMs: number
  endMs: number
  speaker: string
}

export function rttmLines(file: string, turns: readonly RttmTurn[]): string {
  return turns
    .map(
      (t) =>
        `SPEAKER ${file} 1 ${(t.startMs / 1000).toFixed(3)} ${((t.endMs - t.startMs) / 1000).toFixed(3)} <NA> <NA> ${t.speaker.replace(/\s+/g, '_')} <NA> <NA>\n`,
    )
    .join('')
}

/**
 * DER by md-eval with a 250 ms collar, overlapped speech scored (its default), from two RTTM
 * texts: "OVERALL SPEAKER DIARIZATION ERROR = 3.21 percent" → 0.0321.
 */
export async function mdEvalDer(
  dir: string,
  reference: string,
  hypothesis: string,
): Promise<number> {
  const ref = join(dir, 'ref.rttm')
  const hyp = join(dir, 'hyp.rttm')
  writeFileSync(ref, reference)
  writeFileSync(hyp, hypothesis)
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('perl', [MD_EVAL, '-c', '0.25', '-r', ref, '-s', hyp], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text))
    child.once('error', reject)
    child.once('close', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`md-eval failed (${code}): ${err.trim()}`))
    })
  })
  const match = /OVERALL SPEAKER DIARIZATION ERROR = ([\d.]+) percent/.exec(output)
  if (!match?.[1]) throw new Error(`md-eval printed no DER:\n${output}`)
  return Number(match[1]) / 100
}
