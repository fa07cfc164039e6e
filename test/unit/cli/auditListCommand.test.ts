import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { dataFolderKey } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()

/** A data folder whose audit log holds `count` blocked analytics entries, seq 1…count. */
function dataDirWithEntries(count: number): string {
  const dataDir = tempDir()
  const log = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
  for (let i = 1; i <= count; i += 1) {
    log.append({
      kind: 'blocked',
      purpose: 'analytics',
      destination: 'https://api.earshot.example/v1/events',
      method: 'POST',
      payload: null,
      status: null,
      reason: `entry ${i}`,
    })
  }
  log.close()
  return dataDir
}

async function listedSeqs(args: string[], dataDir: string): Promise<number[]> {
  const result = await runCliCaptured(['audit', 'list', '--json', ...args, '--data-dir', dataDir])
  expect(result.code).toBe(0)
  return (JSON.parse(result.stdout) as { seq: number }[]).map((entry) => entry.seq)
}

describe('earshot audit list', () => {
  it('shows the newest N entries for --limit N, oldest of them first', async () => {
    const dataDir = dataDirWithEntries(7)
    expect(await listedSeqs(['--limit', '3'], dataDir)).toEqual([5, 6, 7])
    expect(await listedSeqs(['--limit', '50'], dataDir)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('pages forward from --after, whatever the limit', async () => {
    const dataDir = dataDirWithEntries(7)
    expect(await listedSeqs(['--after', '2', '--limit', '2'], dataDir)).toEqual([3, 4])
  })
})
