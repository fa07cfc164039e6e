import { mkdirSync } from 'node:fs'
import { generateMediaFixtures } from './mediaFixtures'
import { testOutputDir } from './paths'

export default async function setup(): Promise<void> {
  mkdirSync(testOutputDir, { recursive: true })
  // Once, here in the main process: test files run in parallel forks and must only read them.
  await generateMediaFixtures()
}
