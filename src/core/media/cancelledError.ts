import { basename } from 'node:path'
import { MediaError } from './MediaError'

export function cancelledError(file: string): MediaError {
  return new MediaError('cancelled', `Reading ${JSON.stringify(basename(file))} was cancelled.`, {
    path: file,
  })
}
