import { extname, isAbsolute } from 'node:path'
import { z } from 'zod'
import type { PcmLayout } from './types'

/**
 * One job of the ffmpeg.wasm decoder process. It travels as the process's arguments, built by the
 * engine (childProcessGuard's `launchEngineProcess`, or the Electron utility process fork), so
 * the launch guard compares the whole command line and nothing else reaches the process.
 */
export const WasmDecoderTask = z.discriminatedUnion('task', [
  z.object({ task: z.literal('probe'), input: z.string().refine(isAbsolute) }),
  z.object({
    task: z.literal('decode'),
    input: z.string().refine(isAbsolute),
    layout: z.union([
      z.literal('mono'),
      z.literal('stereo'),
      z.object({ channel: z.number().int().min(0).max(999) }),
    ]),
  }),
])
export type WasmDecoderTask = z.infer<typeof WasmDecoderTask>

/** `--task=… --input=… [--layout=…]`: one `=` form each, so an input path is never a flag of its own. */
export function wasmDecoderArgs(task: WasmDecoderTask): string[] {
  const args = [`--task=${task.task}`, `--input=${task.input}`]
  if (task.task === 'decode') args.push(`--layout=${layoutText(task.layout)}`)
  return args
}

/** The inverse of `wasmDecoderArgs`; throws on anything it would not have built. */
export function parseWasmDecoderArgs(args: readonly string[]): WasmDecoderTask {
  const fields = new Map<string, string>()
  for (const arg of args) {
    const match = /^--(task|input|layout)=(.*)$/s.exec(arg)
    if (match === null || fields.has(match[1] ?? '')) throw new Error('unexpected decoder argument')
    fields.set(match[1] ?? '', match[2] ?? '')
  }
  const layout = fields.get('layout')
  return WasmDecoderTask.parse({
    task: fields.get('task'),
    input: fields.get('input'),
    ...(layout !== undefined && { layout: parseLayout(layout) }),
  })
}

/**
 * The name the input gets inside the wasm file system. A fixed name keeps the user's file name
 * (quotes, unicode, a leading dash) out of ffmpeg's argument list; the extension is kept because
 * ffmpeg uses it as a format hint.
 */
export function wasmInputName(input: string): string {
  return `media${extname(input).replace(/[^A-Za-z0-9.]/g, '')}`
}

function layoutText(layout: PcmLayout): string {
  return typeof layout === 'object' ? `channel:${String(layout.channel)}` : layout
}

function parseLayout(text: string): unknown {
  const channel = /^channel:(\d{1,3})$/.exec(text)
  return channel === null ? text : { channel: Number(channel[1]) }
}
