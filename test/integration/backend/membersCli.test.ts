import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import { runCliCaptured } from '../../support/runCliCaptured'
import { teamEngines, useTeamDatabases } from '../../support/teamDatabases'

const database = useTeamDatabases()
const running: ReferenceBackend[] = []
afterEach(async () => {
  for (const backend of running.splice(0)) await backend.close()
})

/** What the database holds that could be the token: the SQLite file's bytes, or the members table. */
async function holdsToken(db: string, token: string): Promise<boolean> {
  if (!db.startsWith('postgres')) return readFileSync(db).includes(token)
  const client = new pg.Client({ connectionString: db })
  await client.connect()
  try {
    const { rows } = await client.query('SELECT row_to_json(m)::text AS row FROM members m')
    return rows.some((row: { row: string }) => row.row.includes(token))
  } finally {
    await client.end()
  }
}

describe.each(teamEngines)('earshot backend members on %s', (engine) => {
  it('prints a token once, keeps only its hash, lists and revokes members at once', async () => {
    const db = await database(engine)
    const env = { EARSHOT_BACKEND_TOKEN: '' }
    const added = await runCliCaptured(
      ['backend', 'members', 'add', 'ana', '--admin', '--db', db, '--json'],
      env,
    )
    expect(added.stderr).toBe('')
    const { token, name, role } = JSON.parse(added.stdout) as {
      token: string
      name: string
      role: string
    }
    expect({ name, role }).toEqual({ name: 'ana', role: 'admin' })
    expect(token).toMatch(/^est_[A-Za-z0-9_-]{43}$/)
    expect(await holdsToken(db, token)).toBe(false)
    expect(await holdsToken(db, createHash('sha256').update(token).digest('hex'))).toBe(true)

    const again = await runCliCaptured(['backend', 'members', 'add', 'ana', '--db', db], env)
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('earshot: A member named ana exists.\n')
    const human = await runCliCaptured(['backend', 'members', 'add', 'bob', '--db', db], env)
    expect(human.stdout).toMatch(/shown only this once/)

    const listed = await runCliCaptured(['backend', 'members', 'list', '--db', db, '--json'], env)
    expect(listed.stdout).not.toContain(token)
    const { members } = JSON.parse(listed.stdout) as { members: { name: string; role: string }[] }
    expect(members.map((m) => `${m.name}:${m.role}`)).toEqual(['ana:admin', 'bob:member'])

    // A server with no legacy token, on the same database: ana's token reads the team's view.
    const backend = new ReferenceBackend({ db })
    running.push(backend)
    const url = await backend.listen()
    const searchAs = () =>
      fetch(`${url}/v1/search?q=anything`, { headers: { authorization: `Bearer ${token}` } })
    expect((await searchAs()).status).toBe(200)
    const revoked = await runCliCaptured(['backend', 'members', 'revoke', 'ana', '--db', db], env)
    expect(revoked.stdout).toBe('Revoked ana: their token is refused from now on.\n')
    expect((await searchAs()).status).toBe(401)
    const twice = await runCliCaptured(['backend', 'members', 'revoke', 'ana', '--db', db], env)
    expect(twice.stderr).toBe('earshot: No active member is named ana.\n')

    const usage = await runCliCaptured(['backend', 'members', 'rename', 'ana', '--db', db], env)
    expect(usage.code).toBe(2)
  })

  it('refuses to serve when nobody could sign in: no legacy token and no active member', async () => {
    const db = await database(engine)
    const result = await runCliCaptured(['backend', '--db', db], { EARSHOT_BACKEND_TOKEN: '' })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^earshot: Set EARSHOT_BACKEND_TOKEN .* or add a member first/)
  })
})
