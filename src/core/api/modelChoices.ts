import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelChoice } from '../../shared/backendViews'
import { modelCatalog } from '../transcribe/model/modelCatalog'

/**
 * The catalogue as choices: each with the command that downloads it into `<dataDir>/models`
 * (where `earshot model download` puts it) and the file's path once it is there.
 */
export function modelChoices(dataDir: string): ModelChoice[] {
  const modelsDir = join(dataDir, 'models')
  const dirArg = /\s/.test(modelsDir) ? `"${modelsDir}"` : modelsDir
  return Object.entries(modelCatalog).map(([name, entry]) => {
    const path = join(modelsDir, `ggml-${name}.bin`)
    return {
      name,
      bytes: entry.bytes,
      command: `earshot model download ${name} --dir ${dirArg}`,
      downloadedPath: existsSync(path) ? path : null,
    }
  })
}
