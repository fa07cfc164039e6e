import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { voiceEmbedding } from '../../../src/core/derive/speakers/voiceEmbedding'
import { exportAllData } from '../../../src/core/export/exportAllData'
import { JobRunner } from '../../../src/core/jobs/JobRunner'
import { JobOptions } from '../../../src/core/store/JobQueue'
import type { Transcriber } from '../../../src/core/transcribe/types'
import { YOU_SPEAKER_NAME } from '../../../src/shared/derivedViews'
import { useTempDir } from '../../support/tempDir'
import {
  generateConversation,
  threeVoiceMeeting,
  twoMaleCall,
  twoVoiceCall,
  type GeneratedConversation,
} from './support/conversations'
import { mainTurns, scriptedTranscriber } from './support/scriptedTranscriber'

const tempDir = useTempDir()
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose()
})

let call: GeneratedConversation
let meeting: GeneratedConversation
let otherCall: GeneratedConversation
beforeAll(async () => {
  ;[call, meeting, otherCall] = await Promise.all([
    generateConversation(twoVoiceCall),
    generateConversation(threeVoiceMeeting),
    generateConversation(twoMaleCall),
  ])
})

/**
 * A real core (encrypted database, real ffmpeg), its recordings transcribed by a runner wired as
 * the core wires its own — speaker voices go to `core.voiceProfile` — but with the scripted
 * transcriber, so lines sit where the script's turns are (random-weight test models put them
 * anywhere).
 */
function library() {
  const core = new Core({ dataDir: tempDir(), env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
  cores.push(core)
  const transcribe = async (
    conversation: GeneratedConversation,
    file = conversation.mono,
    transcriber = () => scriptedTranscriber(conversation),
  ): Promise<string> => {
    const { recordingId } = await core.importer.importFile(
      file,
      JobOptions.parse({ modelPath: join(tempDir(), 'unused.bin') }),
    )
    const runner = new JobRunner({
      recordings: core.recordings,
      queue: core.queue,
      media: core.media,
      createTranscriber: transcriber,
      speakerVoices: (id, voices) => {
        core.voiceProfile.recordSpeakers(id, voices)
      },
      derive: (id) => {
        core.rederive(id)
      },
    })
    await runner.drain()
    await runner.dispose()
    expect(core.recordings.get(recordingId)?.status).toBe('done')
    return recordingId
  }
  return { core, transcribe }
}

/** Stands in for whisper on one channel: one line over the speech it was given. */
function oneLinePerChannel(): Transcriber {
  return {
    async transcribe(pcm, options) {
      let samples = 0
      for await (const chunk of pcm) samples += chunk.length
      const segment = { startMs: 0, endMs: Math.round(samples / 16), text: 'one channel' }
      options?.onSegment?.(segment)
      return [segment]
    },
    dispose: () => Promise.resolve(),
  }
}

/** The label the stored lines of reference speaker `speaker` carry (scripted lines = main turns). */
function labelOf(core: Core, id: string, conversation: GeneratedConversation, speaker: number) {
  const turns = mainTurns(conversation.reference)
  const labels = core.recordings
    .segments(id)
    .filter((_, i) => turns[i]?.speaker === speaker)
    .map((s) => s.speaker)
  expect(new Set(labels).size).toBe(1)
  return labels[0] ?? ''
}

describe('"this is me": a voice profile from one call names the user in the next', () => {
  it(
    'marks the first voice in a call; a meeting with that voice names it "You", a call without it names nobody',
    { timeout: 180_000 },
    async () => {
      const { core, transcribe } = library()
      const first = await transcribe(call)
      expect(core.voiceProfile.profile()).toBeNull()
      expect(Object.values(core.derived.speakerNames(first))).toEqual([])

      const me = labelOf(core, first, call, 0)
      const profile = core.voiceProfile.markMe(first, me)
      expect(profile.sourceLabel).toBe(me)
      expect(profile.speechSeconds).toBeGreaterThan(10)
      expect(core.derived.speakerNames(first)).toEqual({ [me]: YOU_SPEAKER_NAME })

      // The meeting's voice 0 is the call's voice 0; voices 1 and 2 are someone else.
      const second = await transcribe(meeting)
      const youThere = labelOf(core, second, meeting, 0)
      expect(core.derived.speakerNames(second)).toEqual({ [youThere]: YOU_SPEAKER_NAME })

      // Two other men: neither is the user.
      const third = await transcribe(otherCall)
      expect(core.derived.speakerNames(third)).toEqual({})

      // Forgotten: the meeting, imported anew, names nobody; the names given before stay.
      expect(core.voiceProfile.forget()).toBe(true)
      expect(core.voiceProfile.profile()).toBeNull()
      await core.deletion.deleteRecordings([second], { remote: false })
      const again = await transcribe(meeting)
      expect(again).not.toBe(second)
      expect(core.derived.speakerNames(again)).toEqual({})
      expect(core.derived.speakerNames(first)).toEqual({ [me]: YOU_SPEAKER_NAME })
    },
  )

  it(
    'marks a channel of a two-channel call; the same voice in a mono meeting is "You"',
    { timeout: 180_000 },
    async () => {
      const { core, transcribe } = library()
      const stereo = call.stereo
      if (!stereo) throw new Error('the call has a stereo mix')
      // Each channel is transcribed on its own: one line per channel is enough here.
      const first = await transcribe(call, stereo, () => oneLinePerChannel())
      expect(new Set(core.recordings.segments(first).map((l) => l.speaker))).toEqual(
        new Set(['Speaker 1', 'Speaker 2']),
      )
      // The right channel is voice 1 (the call's second party).
      core.voiceProfile.markMe(first, 'Speaker 2')
      const meetingId = await transcribe(meeting)
      expect(core.derived.speakerNames(meetingId)).toEqual({
        [labelOf(core, meetingId, meeting, 1)]: YOU_SPEAKER_NAME,
      })
    },
  )

  it(
    'keeps the profile out of uploads, puts it in export-all, and delete-all removes it',
    { timeout: 180_000 },
    async () => {
      const { core, transcribe } = library()
      const id = await transcribe(call)
      core.voiceProfile.markMe(id, labelOf(core, id, call, 0))
      const stored = core.voices.profile()
      if (!stored) throw new Error('the profile was not stored')

      const body = new TextDecoder().decode(core.sync.prepare(id).body)
      // No feature of the profile, in any of the forms it is kept or compared in.
      const features = [
        ...stored.stats.sum,
        ...stored.stats.sumSquares,
        ...voiceEmbedding(stored.stats),
      ]
      for (const value of features) {
        expect(body).not.toContain(String(value))
        expect(body).not.toContain(value.toFixed(4))
      }
      expect(body).not.toMatch(/voice|profile|stats|embedding/i)
      // The user is named "You" there, as any speaker name is.
      expect(body).toContain(`"speaker":"${YOU_SPEAKER_NAME}"`)

      const zip = join(tempDir(), 'export.zip')
      exportAllData(core, zip)
      const files = unzipSync(readFileSync(zip))
      const exported = JSON.parse(new TextDecoder().decode(files['voice-profile.json'])) as {
        sourceRecordingId: string
        stats: number[]
      }
      expect(exported.sourceRecordingId).toBe(id)
      expect(exported.stats[0]).toBe(stored.stats.count)
      expect(exported.stats.slice(1, 1 + stored.stats.dims)).toEqual([...stored.stats.sum])

      await core.deletion.deleteAll({ remote: false })
      expect(core.voiceProfile.profile()).toBeNull()
      expect(core.db.prepare('SELECT COUNT(*) FROM voice_profile').pluck().get()).toBe(0)
      expect(core.db.prepare('SELECT COUNT(*) FROM speaker_voices').pluck().get()).toBe(0)
    },
  )
})
