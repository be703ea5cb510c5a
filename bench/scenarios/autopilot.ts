import { performance } from 'node:perf_hooks'
import { bootPlatform, platformEnv, type BootedApp } from '../lib/app.ts'
import { benchPool } from '../lib/database.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'
import { simulateMarket } from '../lib/market_simulator.ts'

/** Settings of the autopilot scenario (i). */
export interface AutopilotOptions {
  databaseUrl: string
  dataDir: string
  /** Workspaces whose daily run is timed. */
  workspaces: number
  rounds: number
  /** Seeds of the 90-day market simulation (one simulation per seed). */
  seeds: number
}

/** Raw figures of the scenario, written to latest.json. */
export interface AutopilotDetails {
  settings: Omit<AutopilotOptions, 'databaseUrl' | 'dataDir'>
  simulations: Array<ReturnType<typeof simulateMarket> & { seed: number }>
  dailyRunSeconds: number[]
  bareLoopSeconds: number[]
}

/** What the bare loop reads per workspace: the channels' daily totals of the look-back window. */
const BARE_SQL = `select coalesce(nullif(btrim(c.channel), ''), 'unspecified') as channel, m.metric_date,
    sum(m.metric_value) filter (where m.metric_type = 'clicks') as clicks,
    sum(m.metric_value) filter (where m.metric_type = 'conversions') as conversions,
    sum(m.metric_value) filter (where m.metric_type = 'cost') as cost
  from public.campaign_metrics m
  join public.campaigns c on c.workspace_id = m.workspace_id and c.id = m.campaign_id
  where m.workspace_id = $1 and m.metric_date between $2::date and $3::date
  group by 1, 2`

const isoDay = (offset: number) => {
  const date = new Date()
  date.setUTCDate(date.getUTCDate() + offset)
  return date.toISOString().slice(0, 10)
}

/**
 * Scenario (i), two measures.
 * 1. The 90-day market simulator (bench/lib/market_simulator.ts), once per
 *    seed: conversions of the autopilot's planner (run daily, every proposal
 *    applied) over an equal split and over "all to last week's best channel"
 *    of the same money. Ratios above 1: the autopilot converts more.
 * 2. The daily run of `workspaces` workspaces (3 active campaigns, 28 days of
 *    metrics, 2 new leads each), one after the other as the worker would run
 *    them, against a bare loop that reads the same metrics per workspace with
 *    one plain query. Both in this process, alternating which goes first.
 */
export async function runAutopilotScenario(
  options: AutopilotOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: AutopilotDetails }> {
  const simulations: AutopilotDetails['simulations'] = []
  for (let seed = 1; seed <= options.seeds; seed++) {
    const result = simulateMarket({ seed, days: 90, start: '2026-01-01', monthlyBudget: 31_000 })
    simulations.push({ seed, ...result })
    log(
      `  market seed ${seed}: autopilot ${result.conversions.autopilot}, equal split ${result.conversions.equal_split}, last week's best ${result.conversions.last_week_best} conversions`
    )
  }
  const comparisons: Comparison[] = [
    compareRounds(
      'Autopilot: 90-day market simulator (5 channels, saturating curves, one change point), conversions vs an equal split',
      'conversions (higher is better)',
      'conv',
      simulations.map((item) => item.conversions.autopilot),
      simulations.map((item) => item.conversions.equal_split),
      { platform: 'planner daily, proposals applied', baseline: 'equal split of the same money' }
    ),
    compareRounds(
      "Autopilot: 90-day market simulator, conversions vs all to last week's best channel",
      'conversions (higher is better)',
      'conv',
      simulations.map((item) => item.conversions.autopilot),
      simulations.map((item) => item.conversions.last_week_best),
      {
        platform: 'planner daily, proposals applied',
        baseline: "weekly: all on last week's most efficient channel",
      }
    ),
  ]

  let booted: BootedApp | undefined
  const adminPool = benchPool(options.databaseUrl, 2, 'admin')
  try {
    log(
      'booting the platform in console mode (in this process), plugins campaigns, leads, autopilot'
    )
    booted = await bootPlatform(
      platformEnv(options.databaseUrl, options.dataDir, { PLUGINS: 'campaigns,leads,autopilot' })
    )
    await booted.platform.prepare({ seed: false })
    const { runDailyAutopilot } = await import('../../plugins/autopilot/services/daily_run.ts')

    log(
      `creating ${options.workspaces} workspaces with campaigns, 35 days of metrics, leads and a config`
    )
    const tag = `${process.pid}-${Date.now()}`
    const { rows: owners } = await adminPool.query(
      `with users as (
          insert into public.users (email, password, full_name)
          select 'bench-autopilot-' || $2 || '-' || g || '@example.com', 'not-a-login', 'Bench ' || g
          from generate_series(1, $1::int) g
          returning id
        )
        insert into public.workspaces (name, is_personal, created_by)
        select 'Bench autopilot ' || id, true, id from users
        returning id as workspace_id, created_by as user_id`,
      [options.workspaces, tag]
    )
    const workspaceIds = owners.map((row) => row.workspace_id)
    await adminPool.query(
      `insert into public.campaigns (workspace_id, created_by, name, channel, status, auto_managed, settings)
        select w.id, w.created_by, ch || ' always-on', ch, 'active', ch <> 'display',
          jsonb_build_object('daily_budget', 100)
        from public.workspaces w, unnest(array['search', 'social', 'display']) ch
        where w.id = any($1::uuid[])`,
      [workspaceIds]
    )
    await adminPool.query(
      `insert into public.campaign_metrics (workspace_id, campaign_id, metric_type, metric_value, metric_date)
        select c.workspace_id, c.id, t.type,
          case t.type
            when 'impressions' then 6000
            when 'clicks' then case c.channel when 'search' then 200 when 'social' then 150 else 80 end + (d % 5) * 4
            when 'conversions' then case c.channel when 'search' then 12 when 'social' then 3 else d % 2 end
            when 'cost' then 95 + (d % 5) * 3
            else 0 end,
          current_date - d
        from public.campaigns c, generate_series(1, 35) d,
          unnest(array['impressions', 'clicks', 'conversions', 'cost', 'revenue']) t(type)
        where c.workspace_id = any($1::uuid[])`,
      [workspaceIds]
    )
    await adminPool.query(
      `insert into public.leads (workspace_id, first_name, email, job_title, source, lead_score)
        select w.id, 'Lead' || g, 'lead' || g || '-' || w.id || '@example.com',
          case g when 1 then 'Marketing Director' else 'Analyst' end, 'website', 40 * g
        from public.workspaces w, generate_series(1, 2) g
        where w.id = any($1::uuid[])`,
      [workspaceIds]
    )
    await adminPool.query(
      `insert into public.marketing_autopilot_config (workspace_id, user_id, business_description, monthly_budget)
        select w.id, w.created_by, 'Bench business', 12400 from public.workspaces w where w.id = any($1::uuid[])`,
      [workspaceIds]
    )
    await adminPool.query('analyze public.campaign_metrics, public.campaigns, public.leads')

    const identities = owners.map((row) => ({
      userId: row.user_id as string,
      workspaceId: row.workspace_id as string,
      via: 'job' as const,
    }))
    const from = isoDay(-35)
    const to = isoDay(-1)
    const bareLoop = async () => {
      const client = await adminPool.connect()
      try {
        const started = performance.now()
        for (const identity of identities)
          await client.query(BARE_SQL, [identity.workspaceId, from, to])
        return (performance.now() - started) / 1000
      } finally {
        client.release()
      }
    }
    // Each round runs another day (the run row makes a day run once per workspace).
    const dailyRuns = async (round: number) => {
      const runDate = isoDay(-round)
      const started = performance.now()
      for (const identity of identities) {
        const result = await runDailyAutopilot(identity, runDate)
        if (result.outcome !== 'completed') throw new Error(`daily run ended ${result.outcome}`)
      }
      return (performance.now() - started) / 1000
    }
    const dailyRunSeconds: number[] = []
    const bareLoopSeconds: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      if (round % 2 === 0) {
        bareLoopSeconds.push(await bareLoop())
        dailyRunSeconds.push(await dailyRuns(round))
      } else {
        dailyRunSeconds.push(await dailyRuns(round))
        bareLoopSeconds.push(await bareLoop())
      }
      log(
        `  round ${round + 1}: daily runs ${dailyRunSeconds.at(-1)!.toFixed(2)} s, bare loop ${bareLoopSeconds.at(-1)!.toFixed(3)} s`
      )
    }
    comparisons.push(
      compareRounds(
        `Autopilot: daily run of ${options.workspaces.toLocaleString('en')} workspaces (3 campaigns, 35 days of metrics, 2 new leads each) vs a bare loop reading the same metrics`,
        'time (lower is better)',
        's',
        dailyRunSeconds,
        bareLoopSeconds,
        {
          platform:
            'runDailyAutopilot per workspace: 3 tenant transactions (the empty content step shares the leads one)',
          baseline:
            'one plain query per workspace (channel totals per day), one connection, no transaction',
        }
      )
    )
    return {
      comparisons,
      details: {
        settings: { workspaces: options.workspaces, rounds: options.rounds, seeds: options.seeds },
        simulations,
        dailyRunSeconds,
        bareLoopSeconds,
      },
    }
  } finally {
    await adminPool.end()
    await booted?.app.terminate()
  }
}
