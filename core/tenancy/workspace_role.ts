import { Problem } from '#core/http/problem'
import { tenant } from '#core/tenancy/tenant_context'

const RANK: Record<string, number> = { viewer: 1, member: 2, admin: 3, owner: 4 }

/** A workspace role, lowest to highest: viewer < member < admin < owner. */
export type WorkspaceRole = 'viewer' | 'member' | 'admin' | 'owner'

/** Whether `role` is at least `required` in the owner > admin > member > viewer order. */
export function roleAtLeast(role: string | null | undefined, required: WorkspaceRole) {
  return (RANK[role ?? ''] ?? 0) >= RANK[required]
}

/** Requires a minimum role in the request's current workspace (403 otherwise). */
export function requireCurrentRole(required: WorkspaceRole) {
  if (!roleAtLeast(tenant().workspaceRole, required)) {
    throw Problem.forbidden(`This needs the ${required} role in the workspace`)
  }
}
