/** The 11 int32 hparams of a ggml whisper file, in file order (whisper.cpp `whisper_model_load`). */
export interface WhisperDims {
  nVocab: number
  nAudioCtx: number
  nAudioState: number
  nAudioHead: number
  nAudioLayer: number
  nTextCtx: number
  nTextState: number
  nTextHead: number
  nTextLayer: number
  nMels: number
  /** 1 = f16 weights: the type real tiny/base files ship with, so benchmarks measure real kernels. */
  ftype: number
}

export type TestModelDims = 'micro' | 'tiny' | 'tiny.en' | 'base.en'

// The loader needs n_audio_ctx = 1500 (30 s of mel frames) and n_vocab ≥ 51864 (its special-token ids
// are fixed offsets from 50256); n_vocab 51865 makes it multilingual (MEASURED.md "Generated ggml").
const common = { nAudioCtx: 1500, nTextCtx: 448, nMels: 80, ftype: 1 }

function square(nVocab: number, state: number, head: number, layer: number): WhisperDims {
  return {
    ...common,
    nVocab,
    nAudioState: state,
    nAudioHead: head,
    nAudioLayer: layer,
    nTextState: state,
    nTextHead: head,
    nTextLayer: layer,
  }
}

/** Real tiny/base dimensions (openai/whisper model cards) and `micro`, ~8 MB, for fast unit tests. */
export const whisperDims: Readonly<Record<TestModelDims, WhisperDims>> = {
  micro: square(51864, 64, 1, 1),
  tiny: square(51865, 384, 6, 4),
  'tiny.en': square(51864, 384, 6, 4),
  'base.en': square(51864, 512, 8, 6),
}
