import { Problem, enqueue, rawQuery, tenant } from '#sdk'
import { configResource, type ConfigRow } from './config_resource.js'

/** The workspace's configuration, or null. */
export async function findConfig(): Promise<ConfigRow | null> {
  return (await configResource.query().first()) ?? null
}

/** The workspace's configuration, or a 404 saying how to create it. */
export async function requireConfig(): Promise<ConfigRow> {
  const config = await findConfig()
  if (!config) {
    throw new Problem(
      404,
      'not-found',
      'Not found',
      'This workspace has no autopilot configuration yet: PUT /v1/autopilot/config first'
    )
  }
  return config
}

/** Queues the (re)generation of the strategy: the latest change wins (job key, replace mode). */
async function queueStrategy() {
  await enqueue(
    'autopilot/generate_strategy',
    {},
    { jobKey: 'autopilot_strategy', jobKeyMode: 'replace' }
  )
}

/** Creates or replaces the configuration (one per workspace, owned by the caller) and queues its strategy. */
export async function putConfig(input: Record<string, unknown>) {
  const { trx, workspaceId, userId } = tenant()
  const values = configResource.values(
    {
      target_audience: {},
      goals: [],
      channels: [],
      is_active: true,
      dry_run: false,
      ...input,
    },
    'create'
  )
  const result = await rawQuery<{ created: boolean }>(
    trx,
    `insert into marketing_autopilot_config
        (workspace_id, user_id, business_description, target_audience, monthly_budget, goals, channels, is_active, dry_run)
      values (?::uuid, ?::uuid, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?)
      on conflict (workspace_id) do update set
        business_description = excluded.business_description, target_audience = excluded.target_audience,
        monthly_budget = excluded.monthly_budget, goals = excluded.goals, channels = excluded.channels,
        is_active = excluded.is_active, dry_run = excluded.dry_run
      returning (xmax = 0) as created`,
    [
      workspaceId!,
      userId ?? null,
      values.business_description as string,
      values.target_audience as string,
      values.monthly_budget as number,
      values.goals as string,
      values.channels as string,
      values.is_active as boolean,
      values.dry_run as boolean,
    ]
  )
  await queueStrategy()
  return { config: (await findConfig())!, created: Boolean(result.rows[0].created) }
}

/** Updates some fields; the strategy is regenerated when what it is based on changed. */
export async function patchConfig(input: Record<string, unknown>) {
  const current = await requireConfig()
  const values = configResource.values(input, 'update')
  if (!Object.keys(values).length) return current
  const { trx } = tenant()
  await trx.from('marketing_autopilot_config').where('id', current.id).update(values)
  const basis = ['business_description', 'target_audience', 'monthly_budget', 'goals', 'channels']
  if (basis.some((key) => key in values)) await queueStrategy()
  return (await findConfig())!
}
