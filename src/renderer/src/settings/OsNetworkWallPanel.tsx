import { useEffect, useState } from 'react'
import type { OsNetworkWallInfo } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

const kindNames: Record<OsNetworkWallInfo['kind'], string> = {
  'linux-netns': 'Linux network namespace',
  'macos-sandbox': 'macOS sandbox profile',
  none: 'None on this system',
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
    <p data-testid="os-network-wall">
      <strong>OS network wall: {kindNames[wall.kind]}.</strong> {wall.detail}
      {wall.covers.length > 0 && ` Covers: ${wall.covers.join(', ')}.`}
    </p>
  )
}
