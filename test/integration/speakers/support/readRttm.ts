import { readFileSync } from 'node:fs'

/**
 * Reference turns from a NIST RTTM file (`SPEAKER file chan start dur <NA> <NA> name …`), speakers
 * numbered in order of first appearance, as the diarizer and our scorer number them.
 */
export function readRttm(path: string): { startMs: number; endMs: number; speaker: number }[] {
  const names = new Map<string, number>()
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] === 'SPEAKER')
    .map((fields) => {
      const name = fields[7] ?? ''
      if (!names.has(name)) names.set(name, names.size)
      const startMs = Math.round(Number(fields[3]) * 1000)
      return {
        startMs,
        endMs: startMs + Math.round(Number(fields[4]) * 1000),
        speaker: names.get(name) ?? 0,
      }
    })
}
