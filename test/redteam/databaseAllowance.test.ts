import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/paths'
import { useTeamDatabases } from '../support/teamDatabases'

const database = useTeamDatabases()

describe('the tripwire’s one database allowance (issue 12)', () => {
  it('lets the team server reach its configured PostgreSQL and nothing else on loopback', async () => {
    const url = await database('postgres')
    const probe = join(repoRoot, 'test', 'redteam', 'support', 'databaseAllowanceProbe.ts')
    const result = spawnSync(process.execPath, ['--import', 'tsx', probe, url], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(result.status, result.stderr).toBe(0)
    const seen = JSON.parse(result.stdout) as Record<string, string | number>
    // A plain connection to the database is refused, before and after the allowance: only the
    // store's sockets, made by openDatabaseSocket, carry it.
    expect(seen.before).toMatch(/^refused: Blocked a socket attempt/)
    expect(seen.plainAfter).toMatch(/^refused: Blocked a socket attempt/)
    expect(seen.storeMembers).toBe(0)
    expect(seen.otherPort).toMatch(/^refused: Blocked a socket attempt/)
    expect(seen.secondEndpoint).toMatch(/may reach only the database/)
  })
})
