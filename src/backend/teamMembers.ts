import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { MemberName } from '../shared/team'
import type { Member, MemberRole, TeamStore } from './store/TeamStore'

/** A member token: a prefix people recognise, then 256 random bits (base64url, 43 characters). */
export function newMemberToken(): string {
  return `est_${randomBytes(32).toString('base64url')}`
}

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A name `members add` refuses, said in one sentence. */
export class MemberNameError extends Error {}

/**
 * `earshot backend members add`: a member and their token. The token is returned to be shown once;
 * the store keeps only its SHA-256 (a 256-bit random secret needs no slow hash: nothing to guess).
 */
export async function addTeamMember(
  store: TeamStore,
  name: string,
  role: MemberRole,
  at: Date = new Date(),
): Promise<{ member: Member; token: string }> {
  const parsed = MemberName.safeParse(name)
  if (!parsed.success) {
    throw new MemberNameError(
      `"${name.slice(0, 80)}" is not a member name: ${parsed.error.issues[0]?.message ?? ''}.`,
    )
  }
  const token = newMemberToken()
  const member: Member = {
    id: randomUUID(),
    name: parsed.data,
    role,
    createdAt: at.toISOString(),
    revokedAt: null,
  }
  await store.addMember({ ...member, tokenSha256: tokenSha256(token) })
  return { member, token }
}
