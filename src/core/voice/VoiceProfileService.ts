import { YOU_SPEAKER_NAME, type VoiceProfileView } from '../../shared/derivedViews'
import { CoreError } from '../CoreError'
import { forgetFreedPages } from '../deletion/forgetFreedPages'
import type { GaussianStats } from '../derive/speakers/GaussianStats'
import { matchVoice, MIN_VOICE_FRAMES } from '../derive/speakers/voiceEmbedding'
import type { DerivedStore } from '../store/DerivedStore'
import type { Db } from '../store/openDatabase'
import type { RecordingStore } from '../store/RecordingStore'
import type { VoiceProfile, VoiceStore } from '../store/VoiceStore'

export interface VoiceProfileServiceDeps {
  db: Db
  voices: VoiceStore
  derived: DerivedStore
  recordings: RecordingStore
}

/** Voiced frames are 10 ms apart (SpeakerFeatureStream). */
const FRAMES_PER_SECOND = 100

/**
 * "This is me" (issue 11): the user marks one speaker of one recording as themselves; the
 * features of that speaker become the voice profile, and every later recording names the speaker
 * whose voice matches it "You". The profile lives in earshot.db only (encrypted with it), is never
 * part of an upload, goes with delete-all and comes out with export-all.
 */
export class VoiceProfileService {
  constructor(private readonly deps: VoiceProfileServiceDeps) {}

  /**
   * A transcribed recording's speakers: their features are kept, and the one matching the profile
   * is named "You" — unless the user (or `speakers.meChannel`) already named someone "You" there.
   * Returns the label named "You" by this call, or null.
   */
  recordSpeakers(
    recordingId: string,
    speakers: readonly { label: string; stats: GaussianStats }[],
  ): string | null {
    this.deps.voices.saveSpeakerVoices(recordingId, speakers)
    const profile = this.deps.voices.profile()
    if (!profile) return null
    const names = this.deps.derived.speakerNames(recordingId)
    if (Object.values(names).includes(YOU_SPEAKER_NAME)) return null
    const match = matchVoice(profile.stats, speakers)
    if (!match || Object.hasOwn(names, match.label)) return null
    this.deps.derived.renameSpeaker(recordingId, match.label, YOU_SPEAKER_NAME)
    return match.label
  }

  /** Makes `label` of the recording the user's voice profile (replacing any) and names it "You". */
  markMe(recordingId: string, label: string): VoiceProfileView {
    if (!this.deps.recordings.get(recordingId)) {
      throw new CoreError('not-found', `No recording has the id '${recordingId}'.`)
    }
    const stats = this.deps.voices.speakerVoice(recordingId, label)
    if (!stats) {
      throw new CoreError(
        'not-found',
        `This recording keeps no voice features for '${label}'; import it again to get them.`,
      )
    }
    if (stats.count < MIN_VOICE_FRAMES) {
      throw new CoreError(
        'voice-too-short',
        `'${label}' speaks too little in this recording to recognise their voice; mark a speaker with at least ${MIN_VOICE_FRAMES / FRAMES_PER_SECOND} seconds of speech.`,
      )
    }
    const profile = this.deps.db.transaction(() => {
      // One "You" per recording: whoever had the name before is a speaker again.
      for (const [other, name] of Object.entries(this.deps.derived.speakerNames(recordingId))) {
        if (name === YOU_SPEAKER_NAME && other !== label) {
          this.deps.derived.renameSpeaker(recordingId, other, '')
        }
      }
      this.deps.derived.renameSpeaker(recordingId, label, YOU_SPEAKER_NAME)
      return this.deps.voices.setProfile(stats, { recordingId, label })
    })()
    return summarize(profile)
  }

  profile(): VoiceProfileView | null {
    const profile = this.deps.voices.profile()
    return profile ? summarize(profile) : null
  }

  /** Forgets the profile; the "You" names already given stay (they are the user's names). */
  forget(): boolean {
    const forgotten = this.deps.voices.forgetProfile()
    // The profile's pages were zeroed in place (secure_delete); this drops their WAL copies too.
    if (forgotten) forgetFreedPages(this.deps.db)
    return forgotten
  }
}

function summarize(profile: VoiceProfile): VoiceProfileView {
  return {
    sourceRecordingId: profile.sourceRecordingId,
    sourceLabel: profile.sourceLabel,
    createdAt: profile.createdAt,
    speechSeconds: Math.round(profile.stats.count / FRAMES_PER_SECOND),
  }
}
