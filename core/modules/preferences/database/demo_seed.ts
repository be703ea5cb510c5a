import { type TenantContext } from '#sdk'

/**
 * Demo data of the preferences module: two preferences of the demo user in the
 * demo workspace. Runs once, in that workspace's tenant transaction; does
 * nothing when the demo user already has preferences there (an older seed).
 */
export default async function seedPreferences({ trx, workspaceId, userId }: TenantContext) {
  const existing = await trx
    .from('user_preferences')
    .where({ workspace_id: workspaceId!, user_id: userId! })
    .first()
  if (existing) return
  await trx
    .insertQuery()
    .table('user_preferences')
    .multiInsert([
      {
        workspace_id: workspaceId,
        user_id: userId,
        preference_category: 'general',
        preference_data: JSON.stringify({ language: 'en', timezone: 'UTC' }),
        interface_mode: 'simple',
      },
      {
        workspace_id: workspaceId,
        user_id: userId,
        preference_category: 'interface',
        preference_data: JSON.stringify({ theme: 'light', density: 'comfortable' }),
        interface_mode: 'advanced',
      },
    ])
}
