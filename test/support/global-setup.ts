import { mkdirSync } from 'node:fs'
import { testOutputDir } from './paths'

export default function setup(): void {
  mkdirSync(testOutputDir, { recursive: true })
}
