import { BaseSeeder } from '@adonisjs/lucid/seeders'
import platform from '#config/platform'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { activePlugins } from '#core/plugins/plugin_registry'
import { withService, withTenant } from '#core/tenancy/tenant_transaction'
import { createUserWithWorkspace } from '#services/user_service'
import { seedDemoEmbedKey } from '#core/embed/demo_embed_key'

/** Credentials of the demo account (documented in the README). */
export const DEMO_USER = {
  email: 'demo@action-insight-pilot.local',
  password: 'demo-password-2026',
  fullName: 'Demo Marketer',
}

/**
 * Idempotent demo data: a demo user with a personal workspace, an agency
 * workspace with one client workspace, a few preferences, and then each
 * enabled plugin's own demo data (each plugin seeds once, tracked per plugin).
 */
export async function seedDemo(plugins: LoadedPlugin[]) {
  const demo = await withService(async ({ trx }) => {
    const existing = await trx
      .from('users')
      .select('id', 'personal_workspace_id')
      .whereRaw('lower(email) = lower(?)', [DEMO_USER.email])
      .first()
    if (existing)
      return {
        userId: existing.id as string,
        workspaceId: existing.personal_workspace_id as string,
        created: false,
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
    return { userId: user.id as string, workspaceId: workspace.id as string, created: true }
  })

  await withTenant(
    { userId: demo.userId, workspaceId: demo.workspaceId, via: 'service' },
    async ({ trx }) => {
      if (demo.created) {
        await trx
          .insertQuery()
          .table('user_preferences')
          .multiInsert([
            {
              workspace_id: demo.workspaceId,
              user_id: demo.userId,
              preference_category: 'general',
              preference_data: JSON.stringify({ language: 'en', timezone: 'UTC' }),
              interface_mode: 'simple',
            },
            {
              workspace_id: demo.workspaceId,
              user_id: demo.userId,
              preference_category: 'interface',
              preference_data: JSON.stringify({ theme: 'light', density: 'comfortable' }),
              interface_mode: 'advanced',
            },
          ])
      }
      await seedDemoEmbedKey()
    }
  )

  for (const plugin of plugins) {
    if (!plugin.seed) continue
    const seeded = await withService(({ trx }) =>
      trx.from('demo_seed_runs').where('plugin', plugin.name).first()
    )
    if (seeded) continue
    const { default: seed } = await plugin.seed()
    await withTenant({ userId: demo.userId, workspaceId: demo.workspaceId, via: 'service' }, seed)
    await withService(({ trx }) =>
      trx.insertQuery().table('demo_seed_runs').insert({ plugin: plugin.name })
    )
  }
}

/** `node ace db:seed` entry: the same idempotent demo data. */
export default class DemoSeeder extends BaseSeeder {
  async run() {
    await seedDemo(await activePlugins(platform.plugins))
  }
}
