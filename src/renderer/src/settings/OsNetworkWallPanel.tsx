import { useEffect, useState } from 'react'
import type { MediaProcessWall, OsNetworkWallInfo } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

const kindNames: Record<OsNetworkWallInfo['kind'], string> = {
  'linux-netns': 'Linux network namespace',
  'macos-sandbox': 'macOS sandbox profile',
  none: 'None on this system',
}

const processNames: Record<MediaProcessWall['process'], string> = {
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  'whisper-worker': 'Transcription worker',
  'wasm-decoder': 'Built-in decoder (ffmpeg.wasm)',
}

const wallNames: Record<MediaProcessWall['wall'], string> = {
  netns: 'network namespace',
  sandbox: 'sandbox profile',
  seccomp: 'seccomp filter',
  'netns+seccomp': 'network namespace and seccomp filter',
  none: 'no OS wall (in-process tripwire only)',
}

/** What the seccomp column adds, when it is not simply "installed" or not ours to install. */
const seccompNotes: Partial<Record<MediaProcessWall['seccomp'], string>> = {
  expected: ' (seccomp expected: no worker has started yet)',
  failed: ' (its seccomp filter failed)',
  off: ' (seccomp turned off)',
}

/** Says, without pretending, whether the OS keeps the media processes off the network (issue 9). */
export function OsNetworkWallPanel() {
  const [wall, setWall] = useState<OsNetworkWallInfo | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    call('app.info', undefined).then(
      (info) => {
        setWall(info.osNetworkWall)
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }, [])

  if (error !== null) return <p className="error-text">{error}</p>
  if (wall === null) return null
  return (
    <div data-testid="os-network-wall">
      <p>
        <strong>OS network wall: {kindNames[wall.kind]}.</strong> {wall.detail}
        {wall.covers.length > 0 && ` Covers: ${wall.covers.join(', ')}.`} {wall.seccompDetail}
      </p>
      <ul>
        {wall.processes.map((entry) => (
          <li key={entry.process} data-testid={`os-network-wall-${entry.process}`}>
            {processNames[entry.process]}: {wallNames[entry.wall]}
            {seccompNotes[entry.seccomp] ?? ''}
          </li>
        ))}
      </ul>
    </div>
  )
}
