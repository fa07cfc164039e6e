import { existsSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import { join } from 'node:path'
import { dataDirPath } from '../config/dataDirLayout'
import type { ModelChoice } from '../../shared/backendViews'
import { modelFileName } from '../transcribe/model/downloadModel'
import type { ModelCatalog } from '../transcribe/model/modelCatalog'
import type { ModelDownloads } from '../transcribe/model/ModelDownloads'
import { recommendModel, type MachineInfo } from '../transcribe/model/recommendModel'

export interface ModelChoicesInput {
  dataDir: string
  catalog: ModelCatalog
  downloads: Pick<ModelDownloads, 'status' | 'partialBytes'>
  /** `transcribe.language`: decides between an `.en` model and a multilingual one. */
  language: string
  machine?: MachineInfo
}

/**
 * The catalogue as choices: each with the command that downloads it into `<dataDir>/models`
 * (where `earshot model download` and the app's download put it), the file's path once it is
 * there, what a stopped download left, the app's download of it, and which one to pick here.
 */
export async function modelChoices(input: ModelChoicesInput): Promise<ModelChoice[]> {
  const modelsDir = dataDirPath(input.dataDir, 'models')
  const dirArg = /\s/.test(modelsDir) ? `"${modelsDir}"` : modelsDir
  const machine = input.machine ?? { memoryBytes: totalmem(), cores: availableParallelism() }
  const recommended = recommendModel(machine, input.language, input.catalog)
  return Promise.all(
    Object.entries(input.catalog).map(async ([name, entry]) => {
      const path = join(modelsDir, modelFileName(name))
      return {
        name,
        bytes: entry.bytes,
        command: `earshot model download ${name} --dir ${dirArg}`,
        downloadedPath: existsSync(path) ? path : null,
        recommendation: recommended?.name === name ? recommended.reason : null,
        partialBytes: await input.downloads.partialBytes(name),
        download: input.downloads.status(name),
      }
    }),
  )
}
