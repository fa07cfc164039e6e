import { useEffect, useState } from 'react'
import type { VoiceProfileView } from '../../../shared/derivedViews'
import { call, messageOf } from '../bridge/call'

/**
 * The user's voice profile ("This is me" on a speaker of the Recording screen): where it came
 * from, how much speech it holds, and a button to forget it. Only these facts cross the bridge,
 * never the features themselves.
 */
export function VoiceProfilePanel() {
  const [profile, setProfile] = useState<VoiceProfileView | null | undefined>(undefined)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    call('voiceProfile.get', undefined).then(setProfile, (failure: unknown) => {
      setError(messageOf(failure))
    })
  }, [])

  const forget = () => {
    call('voiceProfile.forget', undefined).then(
      () => {
        setProfile(null)
        setError(null)
        setStatus('Your voice profile is deleted; names already given stay.')
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }

  if (profile === undefined && error === null) return null
  return (
    <div data-testid="voice-profile">
      {profile ? (
        <>
          <p>
            <strong>Your voice:</strong> {profile.sourceLabel} of a recording marked{' '}
            {new Date(profile.createdAt).toLocaleDateString()}, {profile.speechSeconds} s of speech.
            Later recordings name the matching speaker “You”. Kept on this device only, never
            uploaded.
          </p>
          <button type="button" onClick={forget}>
            Forget my voice
          </button>
        </>
      ) : (
        <p className="muted">
          No voice profile. Choose “This is me” on a speaker of a recording so later recordings name
          you “You”.
        </p>
      )}
      {status !== null && <p role="status">{status}</p>}
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
