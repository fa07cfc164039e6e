import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { DerivedStore } from '../../../src/core/store/DerivedStore'
import { SignalAggregates } from '../../../src/shared/signals'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedFixtureCall } from './support/seedFixtureCall'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()

/** A data folder with the discovery and churn calls stored and derived, speakers named. */
async function seededDataDir(): Promise<{ dataDir: string; discovery: string; churn: string }> {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
  try {
    const discovery = seedFixtureCall(core.recordings, 'discovery-call').id
    const churn = seedFixtureCall(core.recordings, 'support-churn-call').id
    core.rederiveAll()
    core.derived.renameSpeaker(discovery, 'Speaker 2', 'Customer')
    return { dataDir, discovery, churn }
  } finally {
    await core.dispose()
  }
}

const cli = (dataDir: string, ...args: string[]) => runCliCaptured([...args, '--data-dir', dataDir])

describe('derived data through the CLI', () => {
  it('show --format md adds the summary, key moments and signals, with speaker names', async () => {
    const { dataDir, discovery } = await seededDataDir()
    const md = await cli(dataDir, 'show', discovery, '--format', 'md')
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('## Summary')
    expect(md.stdout).toContain('### Key moments')
    expect(md.stdout).toContain('## Signals')
    expect(md.stdout).toMatch(/\*\*pricing\*\*: per seat — .+\(Speaker 1, \[00:00:54\]\)/)
    expect(md.stdout).toContain('**Customer:** Right now we')
    expect(md.stdout).not.toContain('Speaker 2')
    // The transcript formats keep their shape; only the speaker's name is shown.
    const json = JSON.parse((await cli(dataDir, 'show', discovery, '--json')).stdout) as {
      segments: { speaker?: string | null }[]
    }
    expect(new Set(json.segments.map((s) => s.speaker))).toEqual(new Set(['Speaker 1', 'Customer']))
  })

  it('signals prints weekly counts, top features and competitors, filtered by date', async () => {
    const { dataDir } = await seededDataDir()
    const set = await cli(dataDir, 'config', 'set', 'signals.competitors', '["Gong","Chorus"]')
    expect(set.code).toBe(0)
    const all = await cli(dataDir, 'signals', '--json')
    expect(all.stderr).toBe('')
    const aggregates = SignalAggregates.parse(JSON.parse(all.stdout))
    // Both fixture calls are stored as imported on 2026-03-04, ISO week 10.
    expect(aggregates.weekly.every((w) => w.week === '2026-W10')).toBe(true)
    expect(aggregates.weekly.find((w) => w.tracker === 'pricing')?.count).toBeGreaterThan(2)
    expect(aggregates.topCompetitors).toEqual([
      { phrase: 'Gong', count: 2, recordings: 1 },
      { phrase: 'Chorus', count: 1, recordings: 1 },
    ])
    expect(aggregates.topFeatures.map((f) => f.phrase)).toContain('coaching scorecard')

    const human = await cli(dataDir, 'signals')
    expect(human.stdout).toMatch(/^Signals per week:\n {2}2026-W10 +\d+ +budget\n/)
    expect(human.stdout).toContain('Top competitors:\n      2  Gong  (1 recording)\n')

    const later = await cli(dataDir, 'signals', '--from', '2026-03-05', '--json')
    expect(JSON.parse(later.stdout)).toEqual({ weekly: [], topFeatures: [], topCompetitors: [] })
    const bad = await cli(dataDir, 'signals', '--from', 'yesterday')
    expect(bad.code).toBe(2)
  })

  it('config set on the trackers derives every finished recording again', async () => {
    const { dataDir, churn } = await seededDataDir()
    const competitorsIn = (): string[] => {
      const db = openDataFolderDatabase(dataDir)
      try {
        return new DerivedStore(db)
          .signals(churn)
          .filter((s) => s.tracker === 'competitor')
          .map((s) => s.phrase)
      } finally {
        db.close()
      }
    }
    expect(competitorsIn()).toEqual([])
    const set = await cli(dataDir, 'config', 'set', 'signals.competitors', '["Slack"]', '--json')
    // The output keeps its shape: the key and the stored value only.
    expect(JSON.parse(set.stdout)).toEqual({ 'signals.competitors': ['Slack'] })
    expect(competitorsIn().length).toBeGreaterThan(0)
    await cli(dataDir, 'config', 'set', 'signals.competitors', '[]')
    expect(competitorsIn()).toEqual([])
  })
})
