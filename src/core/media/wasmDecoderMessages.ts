import { z } from 'zod'
import { SeccompWallReport } from '../egress/seccompWallReport'

/**
 * What the ffmpeg.wasm decoder process reports over its IPC channel, once, when its task ends.
 * The PCM itself does not come this way: it is the process's stdout, so a blocking pipe gives the
 * same backpressure as native ffmpeg's. `seccomp`: how its own seccomp network wall went.
 */
export const WasmDecoderOutcome = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('probe'),
    json: z.string(),
    stderr: z.string(),
    seccomp: SeccompWallReport.optional(),
  }),
  z.object({
    type: z.literal('done'),
    exitCode: z.number().int(),
    stderr: z.string(),
    seccomp: SeccompWallReport.optional(),
  }),
])
export type WasmDecoderOutcome = z.infer<typeof WasmDecoderOutcome>
