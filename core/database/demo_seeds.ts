import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { withService, withTenant } from '#core/tenancy/tenant_transaction'
import { SetupError } from '#core/exceptions/setup_error'

/**
 * Runs the demo data of the given domains (core modules first, then plugins,
 * in load order): the demo account comes from the one domain that declares
 * `demoAccount` (identity), then each domain's `seed` runs once in the demo
 * workspace's tenant transaction, recorded in demo_seed_runs so a restart
 * does not seed twice. The kernel knows no domain's data.
 */
export async function runDemoSeeds(domains: LoadedPlugin[]) {
  const providers = domains.filter((domain) => domain.demoAccount)
  if (providers.length !== 1) {
    throw new SetupError(
      `The demo seed needs exactly one domain declaring demoAccount, found ${providers.length}: ${providers.map((domain) => domain.name).join(', ') || 'none'}`
    )
  }
  const { default: demoAccount } = await providers[0].demoAccount!()
  const demo = await demoAccount()

  for (const domain of domains) {
    if (!domain.seed) continue
    const seeded = await withService(({ trx }) =>
      trx.from('demo_seed_runs').where('plugin', domain.name).first()
    )
    if (seeded) continue
    const { default: seed } = await domain.seed()
    await withTenant({ userId: demo.userId, workspaceId: demo.workspaceId, via: 'service' }, seed)
    await withService(({ trx }) =>
      trx.insertQuery().table('demo_seed_runs').insert({ plugin: domain.name })
    )
  }
}
