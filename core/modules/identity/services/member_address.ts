import { tenant } from '#sdk'

/** A workspace member's own account address, as mail to that member uses it. */
export interface MemberMailAddress {
  user_id: string
  email: string
  full_name: string | null
  /** Whether the member proved the address (a verification or reset link reached it). */
  verified: boolean
}

/**
 * The account address of a member of the current workspace, or null when the
 * user is not (or no longer) a member. Domains that mail a member (the
 * autopilot's weekly report to its owner) use it instead of reading the
 * identity tables themselves, so mail only goes to an address the platform
 * knows belongs to someone in the workspace, never to typed-in input.
 */
export async function memberMailAddress(userId: string): Promise<MemberMailAddress | null> {
  const { trx, workspaceId } = tenant()
  const row = await trx
    .from('workspace_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .select('u.id', 'u.email', 'u.full_name', 'u.email_verified_at')
    .where('m.workspace_id', workspaceId!)
    .where('m.user_id', userId)
    .first()
  if (!row?.email) return null
  return {
    user_id: row.id,
    email: row.email,
    full_name: row.full_name ?? null,
    verified: row.email_verified_at !== null && row.email_verified_at !== undefined,
  }
}
