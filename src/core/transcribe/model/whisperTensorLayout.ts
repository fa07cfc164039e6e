import type { WhisperDims } from './whisperDims'

export const GGML_TYPE_F32 = 0
export const GGML_TYPE_F16 = 1

export interface TensorSpec {
  name: string
  /** ggml order: ne[0] is the fastest-varying dimension, as written in the file. */
  shape: number[]
  type: typeof GGML_TYPE_F32 | typeof GGML_TYPE_F16
  /** What the values are drawn around: layer-norm gains sit at 1 so activations keep their scale. */
  kind: 'weight' | 'gain'
}

/**
 * Names, shapes and types whisper.cpp's loader expects (src/whisper.cpp `whisper_model_load`, the
 * version vendored by smart-whisper 0.8.1): positional embeddings, biases and norms f32; matrices
 * and conv kernels in the file's weight type (f16); conv biases are 2-D `[1, n]`.
 */
export function whisperTensorLayout(d: WhisperDims): TensorSpec[] {
  const f32 = (name: string, shape: number[], kind: TensorSpec['kind'] = 'weight'): TensorSpec => ({
    name,
    shape,
    type: GGML_TYPE_F32,
    kind,
  })
  const f16 = (name: string, shape: number[]): TensorSpec => ({
    name,
    shape,
    type: GGML_TYPE_F16,
    kind: 'weight',
  })
  const norm = (prefix: string, n: number): TensorSpec[] => [
    f32(`${prefix}.weight`, [n], 'gain'),
    f32(`${prefix}.bias`, [n]),
  ]
  // Whisper's key projection has no bias; query, value and out do.
  const attention = (prefix: string, n: number): TensorSpec[] => [
    f16(`${prefix}.query.weight`, [n, n]),
    f32(`${prefix}.query.bias`, [n]),
    f16(`${prefix}.key.weight`, [n, n]),
    f16(`${prefix}.value.weight`, [n, n]),
    f32(`${prefix}.value.bias`, [n]),
    f16(`${prefix}.out.weight`, [n, n]),
    f32(`${prefix}.out.bias`, [n]),
  ]
  const block = (prefix: string, n: number, cross: boolean): TensorSpec[] => [
    ...norm(`${prefix}.mlp_ln`, n),
    f16(`${prefix}.mlp.0.weight`, [n, 4 * n]),
    f32(`${prefix}.mlp.0.bias`, [4 * n]),
    f16(`${prefix}.mlp.2.weight`, [4 * n, n]),
    f32(`${prefix}.mlp.2.bias`, [n]),
    ...norm(`${prefix}.attn_ln`, n),
    ...attention(`${prefix}.attn`, n),
    ...(cross
      ? [...norm(`${prefix}.cross_attn_ln`, n), ...attention(`${prefix}.cross_attn`, n)]
      : []),
  ]

  const a = d.nAudioState
  const t = d.nTextState
  const tensors: TensorSpec[] = [
    f32('encoder.positional_embedding', [a, d.nAudioCtx]),
    f16('encoder.conv1.weight', [3, d.nMels, a]),
    f32('encoder.conv1.bias', [1, a]),
    f16('encoder.conv2.weight', [3, a, a]),
    f32('encoder.conv2.bias', [1, a]),
    ...norm('encoder.ln_post', a),
  ]
  for (let i = 0; i < d.nAudioLayer; i++) tensors.push(...block(`encoder.blocks.${i}`, a, false))
  tensors.push(
    f32('decoder.positional_embedding', [t, d.nTextCtx]),
    f16('decoder.token_embedding.weight', [t, d.nVocab]),
    ...norm('decoder.ln', t),
  )
  for (let i = 0; i < d.nTextLayer; i++) tensors.push(...block(`decoder.blocks.${i}`, t, true))
  return tensors
}
