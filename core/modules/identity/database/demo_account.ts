import { withService, type DemoAccount } from '#sdk'
import { createUserWithWorkspace } from '../services/user_service.js'

/** Credentials of the demo account (documented in the README). */
export const DEMO_USER = {
  email: 'demo@action-insight-pilot.local',
  password: 'demo-password-2026',
  fullName: 'Demo Marketer',
}

/**
 * Finds or creates the demo account every domain's demo seed runs as: a demo
 * user with a personal workspace, and (when first created) an agency workspace
 * with one client workspace. Idempotent; runs as the platform.
 */
export default async function demoAccount(): Promise<DemoAccount> {
  return withService(async ({ trx }) => {
    const existing = await trx
      .from('users')
      .select('id', 'personal_workspace_id')
      .whereRaw('lower(email) = lower(?)', [DEMO_USER.email])
      .first()
    if (existing) {
      return {
        userId: existing.id as string,
        workspaceId: existing.personal_workspace_id as string,
      }
    }
    const { user, workspace } = await createUserWithWorkspace(trx, {
      email: DEMO_USER.email,
      password: DEMO_USER.password,
      fullName: DEMO_USER.fullName,
      workspaceName: 'Demo workspace',
    })
    const [agency] = await trx
      .insertQuery()
      .table('workspaces')
      .insert({ name: 'Demo Agency', created_by: user.id })
      .returning('id')
    await trx
      .insertQuery()
      .table('workspaces')
      .insert({ name: 'Acme Corp (client)', parent_id: agency.id, created_by: user.id })
    return { userId: user.id as string, workspaceId: workspace.id as string }
  })
}
