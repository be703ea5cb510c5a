import { Problem, tenant, roleAtLeast, type WorkspaceRole } from '#sdk'

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
export async function requireWorkspaceRole(id: string, required: WorkspaceRole) {
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
