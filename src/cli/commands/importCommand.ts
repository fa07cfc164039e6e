import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { CoreError } from '../../core/CoreError'
import { toErrorInfo } from '../../core/jobs/toErrorInfo'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { ProgressReporter } from '../ProgressReporter'
import type { CommandHelp } from '../commandHelp'

interface FileOutcome {
  file: string
  id: string | null
  status: string
  duplicate: boolean
  error: { code: string; message: string } | null
}

/** `earshot import <files…> [--model PATH] [--language L] [--threads N] [--prompt TEXT]` */
export async function importCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      language: { type: 'string' },
      threads: { type: 'string' },
      prompt: { type: 'string' },
    },
    allowPositionals: true,
  })
  if (files.length === 0) throw new UsageError('import needs at least one file')
  const threads = values.threads === undefined ? null : Number(values.threads)
  if (threads !== null && !(Number.isInteger(threads) && threads > 0)) {
    throw new UsageError('--threads takes a whole number above 0')
  }

  const core = ctx.openCore()
  const modelPath = values.model ?? core.settings.get('model.path')
  if (modelPath === null) {
    throw new CoreError(
      'no-model',
      'No whisper model is set: pass --model PATH, or run `earshot model download base.en` and `earshot config set model.path PATH`.',
    )
  }
  if (!existsSync(modelPath)) {
    throw new CoreError('model-not-found', `The model file ${modelPath} does not exist.`)
  }
  const options = {
    modelPath,
    language: values.language ?? core.settings.get('transcribe.language'),
    threads: threads ?? core.settings.get('transcribe.threads'),
    initialPrompt: values.prompt ?? core.settings.get('transcribe.initialPrompt'),
  }

  const outcomes: FileOutcome[] = []
  for (const file of files) {
    try {
      const { recordingId, duplicate } = await core.importer.importFile(file, options)
      outcomes.push({ file, id: recordingId, status: 'queued', duplicate, error: null })
    } catch (error) {
      const info = toErrorInfo(error)
      outcomes.push({ file, id: null, status: 'failed', duplicate: false, error: info })
      if (!ctx.flags.json) ctx.io.stderr.write(`earshot: ${file}: ${info.message}\n`)
    }
  }

  const titles = new Map<string, string>()
  for (const outcome of outcomes) {
    if (outcome.id !== null)
      titles.set(outcome.id, core.recordings.get(outcome.id)?.title ?? outcome.file)
  }
  const reporter = new ProgressReporter(ctx.io.stderr, titles, {
    durationMs: (id) => core.recordings.get(id)?.durationMs ?? null,
    queued: () => core.queue.queuePositions().size,
  })
  const unsubscribe = core.runner.onEvent((event) => {
    if (!ctx.flags.json && titles.has(event.recordingId)) reporter.handle(event)
  })
  const cancelAll = (): void => {
    for (const id of titles.keys()) core.runner.cancel(id)
  }
  process.once('SIGINT', cancelAll)
  try {
    await core.runner.drain()
  } finally {
    process.off('SIGINT', cancelAll)
    unsubscribe()
  }

  for (const outcome of outcomes) {
    if (outcome.id === null) continue
    const recording = core.recordings.get(outcome.id)
    outcome.status = recording?.status ?? 'failed'
    if (recording?.errorCode != null) {
      outcome.error = { code: recording.errorCode, message: recording.errorMessage ?? '' }
    }
  }
  // A cancelled import (Ctrl-C) stored nothing worth naming: its id on stdout would read as success.
  for (const outcome of outcomes) {
    if (outcome.status === 'cancelled' && !ctx.flags.json)
      ctx.io.stderr.write(`earshot: ${outcome.file}: import cancelled\n`)
  }
  ctx.print(
    outcomes
      .filter((o) => o.id !== null && o.status !== 'cancelled')
      .map((o) => `${o.id ?? ''}\n`)
      .join(''),
    outcomes,
  )
  return outcomes.every((o) => o.status === 'done') ? 0 : 1
}

/** `earshot import --help` and `earshot help import`. */
export const importHelp: CommandHelp = {
  usage: ['import <files…> [--model PATH] [--language auto|en|…] [--threads N] [--prompt TEXT]'],
  summary: 'Import, transcribe and store recordings; prints the id of each one on stdout.',
  flags: [
    {
      flag: '--model PATH',
      description: 'the whisper model file (default: the model.path setting)',
    },
    {
      flag: '--language L',
      description: 'spoken language: auto, en, de, … (default: transcribe.language)',
    },
    {
      flag: '--threads N',
      description: 'CPU threads for transcription (default: transcribe.threads)',
    },
    {
      flag: '--prompt TEXT',
      description: 'words to prime the transcriber with, e.g. product names',
    },
  ],
  examples: [
    'import call.m4a --language en',
    'import *.wav --model ~/models/ggml-base.en.bin --threads 4',
  ],
}
