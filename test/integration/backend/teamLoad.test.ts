import { describe, expect, it } from 'vitest'
import { runTeamLoad } from '../../support/teamLoad'
import { teamEngines, useTeamDatabases } from '../../support/teamDatabases'
import { useTempDir } from '../../support/tempDir'

const database = useTeamDatabases()
const tempDir = useTempDir('earshot-team-load-')

// The bounded version of `npm run bench:team` (50 laptops × 20 uploads there).
describe.each(teamEngines)('the team server under load on %s', (engine) => {
  it('loses nothing, stores nothing twice and delivers every webhook once per event id when SIGKILLed and restarted mid-run', async () => {
    const result = await runTeamLoad({
      db: await database(engine),
      laptops: 6,
      uploadsPerLaptop: 5,
      killAfter: 12,
      dataDir: tempDir(),
    })
    expect(result.received).toBe(30)
    expect(result.stored).toBe(30)
    expect(result.lost).toBe(0)
    expect(result.duplicated).toBe(0)
    // The kill happened while laptops were still sending: some attempts found no server.
    expect(result.retries).toBeGreaterThan(0)
    // Each upload is two events (upload.received, its signal's signal.found), each verified by
    // the standardwebhooks library, none missing, none sent twice by one server process nor
    // enqueued twice under two ids. Only an attempt the killed process left unsettled (cut off,
    // or timed out after the receiver took it) may come again, from its successor, with its id.
    const hooks = result.webhooks
    expect(hooks.expected).toBe(60)
    expect(hooks.unverified).toBe(0)
    expect(hooks.missing).toBe(0)
    expect(hooks.duplicated).toBe(0)
    expect(hooks.distinct).toBe(60)
    // Every delivery beyond one per id came from the restarted process, with the same id.
    expect(hooks.deliveries).toBe(60 + hooks.redeliveredAfterKill)
  }, 300_000)
})
