import { access } from 'node:fs/promises'
import { generateTestModel, type GenerateTestModelOptions } from './generateTestModel'

/**
 * The test model at `outPath`, generated on first use. Safe when parallel test files race for the
 * same path: generateTestModel renames a complete file into place, so a file that exists is whole.
 * Put the dims and seed in the file name: an existing file is trusted, not re-checked.
 */
export async function ensureTestModel(options: GenerateTestModelOptions): Promise<string> {
  try {
    await access(options.outPath)
  } catch {
    await generateTestModel(options)
  }
  return options.outPath
}
