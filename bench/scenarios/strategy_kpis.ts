import { performance } from 'node:perf_hooks'
import { benchPool } from '../lib/database.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'
import { strategyPlatform } from '../lib/strategy_platform.ts'

/** Settings of scenario (k). */
export interface StrategyKpisOptions {
  databaseUrl: string
  dataDir: string
  /** Evaluations per side and round. */
  evaluations: number
  rounds: number
  /** Days of metrics per campaign (6 campaigns on 3 channels, 5 metric types). */
  days: number
  leads: number
}

/** Raw figures of scenario (k), written to latest.json. */
export interface StrategyKpisDetails {
  settings: Omit<StrategyKpisOptions, 'databaseUrl' | 'dataDir'> & {
    kpis: number
    metricRows: number
  }
  platformMs: number[]
  baselineMs: number[]
}

/** `?` placeholders (knex raw) as `$n` (pg). */
const numbered = (sql: string) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/**
 * Scenario (k): evaluating a 20-KPI framework (every catalogue metric, some
 * twice with other targets, counter-metrics included) through the strategy
 * service in a tenant transaction (RLS, framework read, one statement per
 * source, formulas), against the same two aggregate statements run bare on a
 * pg pool as the superuser. Time per evaluation, lower is better.
 */
export async function runStrategyKpis(
  options: StrategyKpisOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: StrategyKpisDetails }> {
  const adminPool = benchPool(options.databaseUrl, 2, 'admin')
  try {
    log('booting the platform in console mode (in this process), plugins campaigns,leads,strategy')
    await strategyPlatform(options.databaseUrl, options.dataDir)
    const { withService, withTenant } = await import('#core/tenancy/tenant_transaction')
    const { createUserWithWorkspace } = await import('#modules/identity/services/index')
    const { createKpiFramework, evaluateKpiFramework } =
      await import('../../plugins/strategy/services/kpi_framework_service.ts')
    const { METRIC_KEYS } = await import('../../plugins/strategy/services/kpi_catalogue.ts')
    const { CHANNEL_TOTALS_SQL } =
      await import('../../plugins/campaigns/services/channel_metrics.ts')
    const { LEAD_FUNNEL_SQL } = await import('../../plugins/leads/services/lead_statistics.ts')

    const owner = await withService(({ trx }) =>
      createUserWithWorkspace(trx, {
        email: `bench-kpis-${process.pid}-${Date.now()}@example.com`,
        password: 'bench-password-0123456789',
        fullName: 'Bench KPIs',
      })
    )
    const workspaceId = owner.workspace.id as string
    const identity = { userId: owner.user.id as string, workspaceId, via: 'job' as const }
    log(`generating 6 campaigns × ${options.days} days × 5 metrics and ${options.leads} leads`)
    await adminPool.query(
      `insert into public.campaigns (workspace_id, name, channel)
        select $1, 'Bench campaign ' || g, (array['email', 'linkedin', 'google_ads'])[1 + g % 3]
        from generate_series(1, 6) g`,
      [workspaceId]
    )
    const metrics = await adminPool.query(
      `insert into public.campaign_metrics (workspace_id, campaign_id, metric_type, metric_value, metric_date)
        select c.workspace_id, c.id, t, (abs(hashtext(c.id::text || t || d::text)) % 1000)::numeric, d::date
        from public.campaigns c,
          unnest(array['impressions', 'clicks', 'conversions', 'cost', 'revenue']) t,
          generate_series(current_date - ($2::int - 1), current_date, interval '1 day') d
        where c.workspace_id = $1`,
      [workspaceId, options.days]
    )
    await adminPool.query(
      `insert into public.leads (workspace_id, email, source, status, created_at)
        select $1, 'kpi' || g || '@example.com', 'website',
          (array['new', 'contacted', 'qualified', 'converted', 'lost'])[1 + g % 5],
          now() - (g % 90) * interval '1 day'
        from generate_series(1, $2::int) g`,
      [workspaceId, options.leads]
    )
    await adminPool.query(
      `insert into public.lead_activities (workspace_id, lead_id, activity_type, occurred_at)
        select workspace_id, id, 'email_opened', created_at + interval '1 hour'
        from public.leads where workspace_id = $1 and abs(hashtext(id::text)) % 2 = 0`,
      [workspaceId]
    )
    await adminPool.query(
      'analyze public.campaign_metrics, public.campaigns, public.leads, public.lead_activities'
    )

    const kpis = [
      ...METRIC_KEYS.map((metric, index) => ({
        key: `k_${metric}`,
        metric,
        target: 1,
        counter_metric: METRIC_KEYS[(index + 3) % METRIC_KEYS.length],
      })),
      ...METRIC_KEYS.slice(0, 20 - METRIC_KEYS.length).map((metric) => ({
        key: `stretch_${metric}`,
        metric,
        target: 2,
      })),
    ]
    const framework = await withTenant(identity, () =>
      createKpiFramework({ campaign_name: 'Bench', channels: ['email'], kpis })
    )
    const to = new Date().toISOString().slice(0, 10)
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10)
    const evaluation = await withTenant(identity, () =>
      evaluateKpiFramework(framework.id, { from, to })
    )
    if (evaluation.kpis.length !== 20 || evaluation.kpis.some((kpi) => kpi.value === null)) {
      throw new Error('the bench framework must evaluate 20 KPIs, each with a value')
    }
    const channelSql = numbered(CHANNEL_TOTALS_SQL)
    const leadSql = numbered(LEAD_FUNNEL_SQL)
    const platform = async () => {
      const started = performance.now()
      for (let i = 0; i < options.evaluations; i++) {
        await withTenant(identity, () => evaluateKpiFramework(framework.id, { from, to }))
      }
      return (performance.now() - started) / options.evaluations
    }
    const baseline = async () => {
      const client = await adminPool.connect()
      try {
        const started = performance.now()
        for (let i = 0; i < options.evaluations; i++) {
          await client.query(channelSql, [null, null, from, from, to, to])
          await client.query(leadSql, [from, from, to, to, from, from, to, to])
        }
        return (performance.now() - started) / options.evaluations
      } finally {
        client.release()
      }
    }
    await platform()
    await baseline()
    const platformMs: number[] = []
    const baselineMs: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      if (round % 2 === 0) {
        baselineMs.push(await baseline())
        platformMs.push(await platform())
      } else {
        platformMs.push(await platform())
        baselineMs.push(await baseline())
      }
      log(
        `  round ${round + 1}: evaluation ${platformMs.at(-1)!.toFixed(2)} ms, bare queries ${baselineMs.at(-1)!.toFixed(2)} ms`
      )
    }
    const scenario = `Strategy: evaluating a 20-KPI framework over 90 days (${metrics.rowCount} metric rows, ${options.leads} leads) vs the same queries bare`
    return {
      comparisons: [
        compareRounds(
          scenario,
          'time per evaluation (lower is better)',
          'ms',
          platformMs,
          baselineMs,
          {
            platform: 'evaluateKpiFramework in a tenant transaction (RLS)',
            baseline: 'the two source statements on a pg pool, superuser, no transaction',
          }
        ),
      ],
      details: {
        settings: {
          evaluations: options.evaluations,
          rounds: options.rounds,
          days: options.days,
          leads: options.leads,
          kpis: 20,
          metricRows: metrics.rowCount ?? 0,
        },
        platformMs,
        baselineMs,
      },
    }
  } finally {
    await adminPool.end()
  }
}
