import { useEffect, useState } from 'react'
import type { StorageEncryptionInfo } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

const sourceNames: Record<StorageEncryptionInfo['keySource'], string> = {
  environment: 'key from EARSHOT_DB_KEY',
  keychain: 'key in the system keychain',
  'key-file': 'key in a key file',
}

/** Says where the databases' key is and, plainly, what that does and does not protect (issue 13). */
export function StorageEncryptionPanel() {
  const [info, setInfo] = useState<StorageEncryptionInfo | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    call('app.info', undefined).then(
      (result) => {
        setInfo(result.storageEncryption)
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }, [])

  if (error !== null) return <p className="error-text">{error}</p>
  if (info === null) return null
  return (
    <p data-testid="storage-encryption">
      <strong>Encrypted at rest: {sourceNames[info.keySource]}.</strong> {info.detail}
    </p>
  )
}
