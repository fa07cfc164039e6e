import { describe, expect, it } from 'vitest'
import { runTeamLoad } from '../../support/teamLoad'
import { teamEngines, useTeamDatabases } from '../../support/teamDatabases'

const database = useTeamDatabases()

// The bounded version of `npm run bench:team` (50 laptops × 20 uploads there).
describe.each(teamEngines)('the team server under load on %s', (engine) => {
  it('loses nothing and stores nothing twice when SIGKILLed and restarted mid-run', async () => {
    const result = await runTeamLoad({
      db: await database(engine),
      laptops: 6,
      uploadsPerLaptop: 5,
      killAfter: 12,
    })
    expect(result.received).toBe(30)
    expect(result.stored).toBe(30)
    expect(result.lost).toBe(0)
    expect(result.duplicated).toBe(0)
    // The kill happened while laptops were still sending: some attempts found no server.
    expect(result.retries).toBeGreaterThan(0)
  }, 240_000)
})
