import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { realSpeech } from '../../support/mediaFixtures'
import { runCliProcess, spawnCli } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'
import { openDataFolderSqlite } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
let modelPath = ''
let longWav = ''

beforeAll(async () => {
  modelPath = await microModel()
  // ~2.5 minutes of real speech (two engine windows): long enough that a kill lands mid-transcription.
  longWav = join(tempDir(), 'long call.wav')
  const made = spawnSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-stream_loop',
    '21',
    '-i',
    realSpeech.jfkWav,
    '-c',
    'copy',
    longWav,
  ])
  expect(made.status).toBe(0)
})

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

type SegmentRow = {
  idx: number
  start_ms: number
  end_ms: number
  text: string
  speaker: string | null
}

function readState(dataDir: string) {
  const db = openDataFolderSqlite(dataDir, 'database', { readonly: true, fileMustExist: true })
  try {
    return {
      segments: db
        .prepare('SELECT idx, start_ms, end_ms, text, speaker FROM segments ORDER BY idx')
        .all() as SegmentRow[],
      jobs: db.prepare('SELECT state, attempts FROM jobs').all() as {
        state: string
        attempts: number
      }[],
      recordings: db.prepare('SELECT status FROM recordings').all() as { status: string }[],
    }
  } finally {
    db.close()
  }
}

describe('the job queue after kill -9', () => {
  it(
    'resumes an interrupted transcription once, with no duplicated or lost segments',
    { timeout: 300_000 },
    async () => {
      const dataDir = tempDir()
      const child = spawnCli(['import', longWav, '--model', modelPath, '--data-dir', dataDir])
      onTestFinished(() => {
        child.kill('SIGKILL')
      })
      const childPid = child.pid ?? 0
      await waitFor(
        () => {
          try {
            return readState(dataDir).segments.length >= 2
          } catch {
            return false // the database does not exist yet
          }
        },
        60_000,
        'the first segments',
      )
      const workers = childrenOf(childPid)
      expect(workers.length).toBeGreaterThan(0)
      child.kill('SIGKILL')
      // The whisper worker must not outlive its parent and keep burning CPU.
      await waitFor(
        () => workers.every((pid) => !alive(pid)),
        15_000,
        'the orphaned worker to exit',
      )

      const interrupted = readState(dataDir)
      expect(interrupted.jobs).toEqual([{ state: 'running', attempts: 1 }])

      // Any start of Earshot recovers it: the job goes back to the queue, its partial transcript dropped.
      const listed = await runCliProcess(['list', '--json', '--data-dir', dataDir])
      expect(JSON.parse(listed.stdout)).toMatchObject([{ status: 'queued', progress: 0 }])
      expect(readState(dataDir).segments).toEqual([])

      const resumed = await runCliProcess([
        'import',
        longWav,
        '--model',
        modelPath,
        '--data-dir',
        dataDir,
        '--json',
      ])
      expect(JSON.parse(resumed.stdout)).toMatchObject([{ duplicate: true, status: 'done' }])
      const after = readState(dataDir)
      expect(after.jobs).toEqual([{ state: 'done', attempts: 2 }])
      expect(after.recordings).toEqual([{ status: 'done' }])

      // Greedy decoding is deterministic: the resumed transcript equals an uninterrupted run's.
      const cleanDir = tempDir()
      const clean = await runCliProcess([
        'import',
        longWav,
        '--model',
        modelPath,
        '--data-dir',
        cleanDir,
      ])
      expect(clean.code).toBe(0)
      expect(after.segments).toEqual(readState(cleanDir).segments)
      expect(after.segments.map((s) => s.idx)).toEqual(after.segments.map((_, i) => i))
    },
  )
})
