import { Problem } from '#core/http/problem'
import { tenant } from '#core/tenancy/tenant_context'

const RANK: Record<string, number> = { viewer: 1, member: 2, admin: 3, owner: 4 }

/** Whether `role` is at least `required` in the owner > admin > member > viewer order. */
export function roleAtLeast(role: string | null | undefined, required: keyof typeof RANK) {
  return (RANK[role ?? ''] ?? 0) >= RANK[required]
}

/** Workspace columns plus the caller's effective role, for API responses. */
export const WORKSPACE_SELECT =
  'workspaces.id, workspaces.name, workspaces.parent_id, workspaces.is_personal, workspaces.settings, workspaces.created_by, workspaces.created_at, workspaces.updated_at, app.workspace_role(workspaces.id) as role'

/**
 * Loads a workspace the caller can enter, or answers 404 (also when it belongs
 * to someone else: existence is not disclosed).
 */
export async function findWorkspace(id: string) {
  const { trx } = tenant()
  const row = await trx.from('workspaces').select(trx.raw(WORKSPACE_SELECT)).where('id', id).first()
  if (!row) throw Problem.notFound('Workspace')
  return row
}

/**
 * Loads a workspace and requires a minimum role in it: 404 when invisible, 403
 * when visible but the role is too low.
 */
export async function requireWorkspaceRole(
  id: string,
  required: 'viewer' | 'member' | 'admin' | 'owner'
) {
  const workspace = await findWorkspace(id)
  if (!roleAtLeast(workspace.role, required)) {
    throw Problem.forbidden(`This needs the ${required} role in the workspace`)
  }
  return workspace
}

/** The workspace the current request acts in. */
export async function currentWorkspace() {
  return findWorkspace(tenant().workspaceId!)
}

/** Requires a minimum role in the request's current workspace (403 otherwise). */
export function requireCurrentRole(required: 'viewer' | 'member' | 'admin' | 'owner') {
  if (!roleAtLeast(tenant().workspaceRole, required)) {
    throw Problem.forbidden(`This needs the ${required} role in the workspace`)
  }
}
