import { channelSpeechRegions, type SpeechRegion } from '../derive/speakers/channelSpeechRegions'
import type { ChannelEnergy } from '../derive/speakers/channelActivity'
import type { GaussianStats } from '../derive/speakers/GaussianStats'
import { SpeakerFeatureStream } from '../derive/speakers/SpeakerFeatureStream'
import { speakerLabel } from '../derive/speakers/speakerLabel'
import { pooledVoice } from '../derive/speakers/turnVoices'
import type { MediaBackend } from '../media/types'
import { SpeechOnlyTimeline } from '../transcribe/SpeechOnlyTimeline'
import type { TranscribedSegment, TranscribeOptions, Transcriber } from '../transcribe/types'
import type { SileroVad } from '../vad/SileroVad'
import { CallQualityMeter, type AudioLevels } from '../quality/CallQualityMeter'
import { ChannelEnergyMeter } from './ChannelEnergyMeter'

export interface ChannelSegment extends TranscribedSegment {
  channel: number
  /** `Speaker n` for channel n−1: the party is known from the channel, not guessed. */
  speaker: string
}

export interface ChannelTranscript {
  energy: ChannelEnergy
  regions: SpeechRegion[][]
  /** Every channel's segments on the recording's clock, by start time (overlaps kept). */
  segments: ChannelSegment[]
  /** Audio whisper was given, summed over channels: the cost the silence skipping leaves. */
  transcribedMs: number
  /** What found the speech regions: the Silero model, or channel energy where it is unavailable. */
  vad: 'silero' | 'energy'
  /** Per channel, the pooled voice features of its speech regions (what "this is me" keeps). */
  voices: GaussianStats[]
  /** Levels of the first (stereo) pass for the call-quality report: no decode of its own. */
  levels: AudioLevels
}

export interface TranscribeByChannelDeps {
  media: MediaBackend
  transcriber: Transcriber
  file: string
  channels: number
  options: Omit<TranscribeOptions, 'onSegment' | 'onProgress' | 'totalMs'>
  onProgress?: (percent: number) => void
  /** A loaded voice model (forked per channel); null or absent: speech regions from energy. */
  vad?: SileroVad | null
}

/**
 * Multi-channel recordings (call recorders that keep each party on its own channel): a first pass
 * meters each channel's loudness and runs the Silero voice model on it (decoding is ~1000×
 * realtime, Silero ~140×, MEASURED.md), which gives each channel's speech regions; then each channel is decoded on its own and whisper hears only its
 * speech. A segment's speaker is the channel it was heard on, so a line never holds two parties,
 * and when both talk at once both lines exist, overlapping in time.
 */
export async function transcribeByChannel(
  deps: TranscribeByChannelDeps,
): Promise<ChannelTranscript> {
  const { media, transcriber, file, channels, options } = deps
  const quality = new CallQualityMeter(channels)
  const { vad } = deps
  const voices = vad ? Array.from({ length: channels }, () => vad.fork()) : null
  const energy =
    channels === 2
      ? await meterStereo(deps, voices, quality)
      : await meterChannelByChannel(deps, voices, quality)
  const voice = voices ? await Promise.all(voices.map((v) => v.finish())) : undefined
  const regions = channelSpeechRegions(energy, voice ? { voice } : {})
  const timelines = regions.map((r) => new SpeechOnlyTimeline(r))
  const transcribedMs = timelines.reduce((sum, t) => sum + t.packedMs, 0)
  const segments: ChannelSegment[] = []
  // Features of what whisper hears on each channel: its own speech only, not the silence between.
  const features = timelines.map(() => new SpeakerFeatureStream())
  let doneMs = 0
  for (const [channel, timeline] of timelines.entries()) {
    if (timeline.isEmpty) continue
    const before = doneMs
    const channelFeatures = features[channel] ?? new SpeakerFeatureStream()
    await transcriber.transcribe(
      channelFeatures.tap(
        timeline.keep(
          media.decodeToPcm(file, {
            layout: { channel },
            ...(options.signal && { signal: options.signal }),
          }),
        ),
      ),
      {
        ...options,
        totalMs: timeline.packedMs,
        onProgress: (percent) => {
          deps.onProgress?.(
            Math.min(99, ((before + (percent / 100) * timeline.packedMs) / transcribedMs) * 100),
          )
        },
        onSegment: (raw) => {
          const startMs = timeline.toSourceMs(raw.startMs, 'start')
          const endMs = Math.max(startMs, timeline.toSourceMs(raw.endMs, 'end'))
          segments.push({ ...raw, startMs, endMs, channel, speaker: speakerLabel(channel) })
        },
      },
    )
    doneMs += timeline.packedMs
  }
  segments.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.channel - b.channel)
  return {
    energy,
    regions,
    segments,
    transcribedMs,
    vad: voice ? 'silero' : 'energy',
    voices: features.map((f) => pooledVoice(f.finish())),
    levels: quality.result(),
  }
}

/** Two channels: one interleaved decode meters both and feeds each channel's voice model. */
async function meterStereo(
  deps: TranscribeByChannelDeps,
  voices: SileroVad[] | null,
  quality: CallQualityMeter,
): Promise<ChannelEnergy> {
  const { media, file, options } = deps
  const meter = new ChannelEnergyMeter(2)
  for await (const chunk of media.decodeToPcm(file, {
    layout: 'stereo',
    ...(options.signal && { signal: options.signal }),
  })) {
    meter.add(chunk)
    quality.add(chunk)
    if (!voices) continue
    const frames = Math.floor(chunk.length / 2)
    for (const [c, voice] of voices.entries()) {
      const own = new Float32Array(frames)
      for (let i = 0; i < frames; i++) own[i] = chunk[i * 2 + c] ?? 0
      await voice.push(own)
    }
  }
  return { frameMs: meter.frameMs, channels: 2, rms: meter.result() }
}

/**
 * Three or more channels (a meeting recorder with one microphone per seat): the decoder's layouts
 * are mono, stereo or one channel, so each channel is decoded on its own for the metering pass
 * (decoding runs ~1000× realtime, MEASURED.md) and the frames are interleaved as the stereo pass
 * stores them. Every channel is one speaker, as on a two-channel call.
 */
async function meterChannelByChannel(
  deps: TranscribeByChannelDeps,
  voices: SileroVad[] | null,
  quality: CallQualityMeter,
): Promise<ChannelEnergy> {
  const { media, file, channels, options } = deps
  const perChannel: Float32Array[] = []
  const perChannelLevels: CallQualityMeter[] = []
  let frameMs = 0
  for (let c = 0; c < channels; c++) {
    const meter = new ChannelEnergyMeter(1)
    const levels = new CallQualityMeter(1, quality.frameMs)
    frameMs = meter.frameMs
    for await (const chunk of media.decodeToPcm(file, {
      layout: { channel: c },
      ...(options.signal && { signal: options.signal }),
    })) {
      meter.add(chunk)
      levels.add(chunk)
      await voices?.[c]?.push(chunk)
    }
    perChannel.push(meter.result())
    perChannelLevels.push(levels)
  }
  quality.addChannels(perChannelLevels)
  const frames = Math.max(0, ...perChannel.map((rms) => rms.length))
  const rms = new Float32Array(frames * channels)
  perChannel.forEach((own, c) => {
    for (let f = 0; f < frames; f++) rms[f * channels + c] = own[f] ?? 0
  })
  return { frameMs, channels, rms }
}
