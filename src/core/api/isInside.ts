import { relative, isAbsolute } from 'node:path'

/** True when `path` lies strictly inside `dir` (no `..` escape, not `dir` itself). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}
