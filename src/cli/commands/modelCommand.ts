import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { downloadModel } from '../../core/transcribe/model/downloadModel'
import { generateTestModel } from '../../core/transcribe/model/generateTestModel'
import { modelCatalog } from '../../core/transcribe/model/modelCatalog'
import { whisperDims, type TestModelDims } from '../../core/transcribe/model/whisperDims'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import type { CommandHelp } from '../commandHelp'

const testDims = Object.keys(whisperDims) as TestModelDims[]

function isTestDims(value: string): value is TestModelDims {
  return (testDims as string[]).includes(value)
}

/** `earshot model download <name> [--dir DIR]` · `earshot model generate-test --dims D --out PATH` */
export async function modelCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [action, ...rest] = args
  if (action === 'download') return download(ctx, rest)
  if (action === 'generate-test') return generate(ctx, rest)
  if (action === 'list') {
    const names = Object.keys(modelCatalog)
    ctx.print(names.map((n) => `${n}\n`).join(''), names)
    return 0
  }
  throw new UsageError(
    'use `model download <name>`, `model list` or `model generate-test --dims D --out PATH`',
  )
}

async function download(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { dir: { type: 'string' } },
    allowPositionals: true,
  })
  const [name, ...extra] = positionals
  if (name === undefined || extra.length > 0)
    throw new UsageError('model download takes one model name')
  const core = ctx.openCore()
  const destDir = values.dir ?? join(ctx.dataDir, 'models')
  const tty = ctx.io.stderr.isTTY === true
  let lastShown = -1
  const result = await downloadModel({
    name,
    destDir,
    gate: core.egress,
    onProgress: ({ bytes, total }) => {
      const percent = total > 0 ? Math.floor((bytes / total) * 100) : 0
      if (ctx.flags.json || percent === lastShown) return
      lastShown = percent
      const mb = (n: number) => (n / 1e6).toFixed(1)
      if (tty)
        ctx.io.stderr.write(
          `\r${name}: ${String(percent).padStart(3)}%  ${mb(bytes)} / ${mb(total)} MB\x1b[K`,
        )
      else if (percent % 10 === 0) ctx.io.stderr.write(`${name}: ${percent}%\n`)
    },
  })
  if (tty && !ctx.flags.json) ctx.io.stderr.write('\n')
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
    'model download <name> [--dir DIR]',
    'model generate-test --dims micro|tiny|tiny.en|base.en --out PATH [--seed N] [--vocab FILE]',
  ],
  summary: 'Download a whisper model, or generate a small random one for tests.',
  flags: [
    { flag: '--dir DIR', description: 'download: the folder to save the model in' },
    { flag: '--dims D', description: 'generate-test: micro, tiny, tiny.en or base.en' },
    { flag: '--out PATH', description: 'generate-test: the model file to write' },
    { flag: '--seed N', description: 'generate-test: seed for the random weights' },
    { flag: '--vocab FILE', description: 'generate-test: the vocabulary to embed' },
  ],
  examples: ['model download base.en', 'model generate-test --dims micro --out /tmp/micro.bin'],
}
