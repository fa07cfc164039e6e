import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { readInstallId } from '../../../src/core/sync/readInstallId'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-install-id-')
const storedId = (db: ReturnType<typeof openDatabase>) =>
  db.prepare(`SELECT value FROM meta WHERE key = 'installId'`).pluck().get() as string | undefined

describe('readInstallId', () => {
  it('answers the stored id every time, on this connection and on another', () => {
    const path = join(tempDir(), 'earshot.db')
    const db = openDatabase(path, null)
    const id = readInstallId(db)
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(readInstallId(db)).toBe(id)
    expect(storedId(db)).toBe(id)
    const other = openDatabase(path, null)
    expect(readInstallId(other)).toBe(id)
    other.close()
    db.close()
  })

  it('keeps no id made in a transaction that was rolled back', () => {
    const db = openDatabase(join(tempDir(), 'earshot.db'), null)
    let inside = ''
    expect(() =>
      db.transaction(() => {
        inside = readInstallId(db)
        throw new Error('rolled back')
      })(),
    ).toThrow('rolled back')
    expect(storedId(db)).toBeUndefined()
    const id = readInstallId(db)
    expect(storedId(db)).toBe(id)
    expect(id).not.toBe(inside)
    db.close()
  })
})
