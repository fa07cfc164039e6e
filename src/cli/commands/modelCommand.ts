import { availableParallelism, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { downloadModel } from '../../core/transcribe/model/downloadModel'
import { generateTestModel } from '../../core/transcribe/model/generateTestModel'
import { modelCatalog } from '../../core/transcribe/model/modelCatalog'
import { recommendModel } from '../../core/transcribe/model/recommendModel'
import { TransferRate } from '../../core/transcribe/model/TransferRate'
import { whisperDims, type TestModelDims } from '../../core/transcribe/model/whisperDims'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import type { CommandHelp } from '../commandHelp'
import { describeTransfer } from '../../shared/formatTransfer'

const testDims = Object.keys(whisperDims) as TestModelDims[]

function isTestDims(value: string): value is TestModelDims {
  return (testDims as string[]).includes(value)
}

/** `earshot model download [<name>] [--dir DIR] [--use]` · `earshot model generate-test --dims D --out PATH` */
export async function modelCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [action, ...rest] = args
  if (action === 'download') return download(ctx, rest)
  if (action === 'generate-test') return generate(ctx, rest)
  if (action === 'list') {
    // Without opening the databases: the list is public and needs no key.
    const names = Object.keys(ctx.io.core?.modelCatalog ?? modelCatalog)
    ctx.print(names.map((n) => `${n}\n`).join(''), names)
    return 0
  }
  throw new UsageError(
    'use `model download [<name>]`, `model list` or `model generate-test --dims D --out PATH`',
  )
}

async function download(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { dir: { type: 'string' }, use: { type: 'boolean' } },
    allowPositionals: true,
  })
  const [named, ...extra] = positionals
  if (extra.length > 0) throw new UsageError('model download takes one model name, or none')
  const core = ctx.openCore()
  // No name: the model recommended for this computer and the set language, which then becomes
  // the model (the one-command first run); a named model is set only with --use.
  const recommended =
    named === undefined
      ? recommendModel(
          { memoryBytes: totalmem(), cores: availableParallelism() },
          core.settings.get('transcribe.language'),
          core.modelCatalog,
        )
      : null
  const name = named ?? recommended?.name
  if (name === undefined) throw new UsageError('model download takes a model name')
  if (recommended !== null && !ctx.flags.json)
    ctx.io.stderr.write(`${name}: ${recommended.reason}\n`)
  const destDir = values.dir ?? join(ctx.dataDir, 'models')
  const tty = ctx.io.stderr.isTTY === true
  const rate = new TransferRate()
  const started = Date.now()
  let lastShown = ''
  let lastDecile = -1
  const result = await downloadModel({
    name,
    destDir,
    gate: core.egress,
    catalog: core.modelCatalog,
    onProgress: ({ bytes, total }) => {
      if (ctx.flags.json) return
      rate.add(Date.now() - started, bytes)
      const line = describeTransfer({
        bytes,
        total,
        bytesPerSecond: rate.bytesPerSecond(),
        secondsLeft: rate.secondsLeft(total),
      })
      if (tty) {
        if (line === lastShown) return
        lastShown = line
        ctx.io.stderr.write(`\r${name}: ${line}\x1b[K`)
        return
      }
      // A log or a pipe gets a line every 10 %, not a redraw.
      const decile = Math.floor((bytes / total) * 10)
      if (decile === lastDecile) return
      lastDecile = decile
      ctx.io.stderr.write(`${name}: ${line}\n`)
    },
  })
  if (tty && !ctx.flags.json) ctx.io.stderr.write('\n')
  if (values.use === true || recommended !== null) core.settings.set('model.path', result.path)
  ctx.print(`${result.path}\n`, result)
  return 0
}

async function generate(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dims: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      vocab: { type: 'string' },
    },
  })
  if (values.dims === undefined || !isTestDims(values.dims)) {
    throw new UsageError(`--dims must be one of ${testDims.join(', ')}`)
  }
  if (values.out === undefined) throw new UsageError('--out PATH is required')
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError('--seed takes a whole number')
  const result = await generateTestModel({
    dims: values.dims,
    outPath: resolve(values.out),
    ...(seed !== undefined && { seed }),
    ...(values.vocab !== undefined && { vocabSource: resolve(values.vocab) }),
  })
  ctx.print(`${result.path}\n`, { path: result.path, bytes: result.bytes, dims: values.dims })
  return 0
}

/** `earshot model --help` and `earshot help model`. */
export const modelHelp: CommandHelp = {
  usage: [
    'model download [<name>] [--dir DIR] [--use]',
    'model generate-test --dims micro|tiny|tiny.en|base.en --out PATH [--seed N] [--vocab FILE]',
  ],
  summary:
    'Download a whisper model (resuming a stopped download, verified by SHA-256), or generate a small random one for tests. Without a name, downloads the model recommended for this computer and language and sets it as the model.',
  flags: [
    { flag: '--dir DIR', description: 'download: the folder to save the model in' },
    { flag: '--use', description: 'download: set the model as model.path once verified' },
    { flag: '--dims D', description: 'generate-test: micro, tiny, tiny.en or base.en' },
    { flag: '--out PATH', description: 'generate-test: the model file to write' },
    { flag: '--seed N', description: 'generate-test: seed for the random weights' },
    { flag: '--vocab FILE', description: 'generate-test: the vocabulary to embed' },
  ],
  examples: [
    'model download',
    'model download base.en --use',
    'model generate-test --dims micro --out /tmp/micro.bin',
  ],
}
