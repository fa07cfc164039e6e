import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { dirname } from 'node:path'

export interface StagedFile {
  path: string
  /**
   * True when Earshot made this copy (a web-mode upload in `<dataDir>/imports/<uuid>/`): it is
   * removed again if the import is refused or a duplicate. The user's own files are never removed.
   */
  ownedCopy: boolean
}

/**
 * Files handed over by a transport and not yet imported, under opaque ids: the renderer names a
 * file by its id, so it never holds a path (DESIGN.md: "The renderer never sees file paths").
 */
export class StagedFiles {
  private readonly files = new Map<string, StagedFile>()

  stage(file: StagedFile): string {
    const id = randomUUID()
    this.files.set(id, file)
    return id
  }

  /** Each id is good for one import: a replayed id finds nothing. */
  take(id: string): StagedFile | undefined {
    const file = this.files.get(id)
    this.files.delete(id)
    return file
  }

  /** Removes the copies nobody imported (the page was closed between upload and import). */
  async dispose(): Promise<void> {
    const left = [...this.files.values()]
    this.files.clear()
    await Promise.all(left.map((file) => removeOwnedCopy(file)))
  }
}

/** Each upload sits alone in its own folder, so removing the folder removes exactly that copy. */
export async function removeOwnedCopy(file: StagedFile): Promise<void> {
  if (file.ownedCopy) await rm(dirname(file.path), { recursive: true, force: true })
}
