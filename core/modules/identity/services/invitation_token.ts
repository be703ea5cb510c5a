import { createHash, randomBytes } from 'node:crypto'

/** Prefix of invitation tokens. */
const PREFIX = 'aip_inv_'

/** A new invitation token (shown once) and the hash that is stored. */
export function newInvitationToken() {
  const token = PREFIX + randomBytes(32).toString('base64url')
  return { token, hash: hashInvitationToken(token) }
}

/** SHA-256 of an invitation token, as stored in workspace_invitations.token_hash. */
export function hashInvitationToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
