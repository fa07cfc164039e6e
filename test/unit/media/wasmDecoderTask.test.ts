import { describe, expect, it } from 'vitest'
import {
  parseWasmDecoderArgs,
  wasmDecoderArgs,
  wasmInputName,
  type WasmDecoderTask,
} from '../../../src/core/media/wasmDecoderTask'

describe('wasmDecoderTask (the decoder process arguments the engine builds)', () => {
  it.each<WasmDecoderTask>([
    { task: 'probe', input: '/media/a b "c".mp4' },
    { task: 'decode', input: '/media/-leading-dash.wav', layout: 'mono' },
    { task: 'decode', input: '/media/call.wav', layout: 'stereo' },
    { task: 'decode', input: '/media/call=2.wav', layout: { channel: 1 } },
  ])('reads back what it built: %j', (task) => {
    expect(parseWasmDecoderArgs(wasmDecoderArgs(task))).toEqual(task)
  })

  it('keeps an input path in one --input= argument, so no part of it is a flag', () => {
    expect(wasmDecoderArgs({ task: 'probe', input: '/x/--inspect' })).toEqual([
      '--task=probe',
      '--input=/x/--inspect',
    ])
  })

  it.each([
    ['a flag of its own', ['--task=probe', '--input=/a.wav', '--inspect']],
    ['a repeated field', ['--task=probe', '--input=/a.wav', '--input=/b.wav']],
    ['a relative input', ['--task=probe', '--input=a.wav']],
    ['a decode with no layout', ['--task=decode', '--input=/a.wav']],
    ['an unknown layout', ['--task=decode', '--input=/a.wav', '--layout=surround']],
    ['an unknown task', ['--task=run', '--input=/a.wav']],
  ])('refuses %s', (_label, args) => {
    expect(() => parseWasmDecoderArgs(args)).toThrow()
  })

  it('names the input inside the wasm file system by its extension only', () => {
    expect(wasmInputName('/m/"; rm -rf ~.MP4')).toBe('media.MP4')
    expect(wasmInputName('/m/no-extension')).toBe('media')
  })
})
