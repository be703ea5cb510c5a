import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { bootPlatform, platformEnv, type BootedApp } from '../lib/app.ts'
import { benchPool } from '../lib/database.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of the leads rescoring scenario. */
export interface LeadsRescoringOptions {
  databaseUrl: string
  /** Leads in the workspace (activities: 1 to 9 per lead, 5 on average). */
  leads: number
  rounds: number
  dataDir: string
}

/** Raw figures of the scenario, written to latest.json. */
export interface LeadsRescoringDetails {
  settings: Omit<LeadsRescoringOptions, 'databaseUrl' | 'dataDir'> & {
    activities: number
    rules: number
  }
  /** First rescoring after the rules appeared: every score changes (leads rows, audit, events). */
  coldSeconds: number
  coldScoreChanges: number
  platformSeconds: number[]
  baselineSeconds: number[]
}

const JOB_TIMEOUT_MS = 600_000

/** Fit and engagement rules of every kind the engine compiles. */
const RULES = [
  [
    'Decision maker',
    'fit',
    25,
    {
      any: [
        { field: 'job_title', op: 'contains', value: 'director' },
        { field: 'job_title', op: 'in', value: ['cto', 'vp sales'] },
      ],
    },
  ],
  [
    'Target size',
    'fit',
    15,
    { all: [{ field: 'company_size', op: 'in', value: ['medium', 'enterprise'] }] },
  ],
  ['Student', 'fit', -20, { all: [{ field: 'job_title', op: 'equals', value: 'student' }] }],
  ['VIP tag', 'fit', 10, { all: [{ field: 'tags', op: 'contains', value: 'vip' }] }],
  ['Large team', 'fit', 10, { all: [{ field: 'custom_fields.seats', op: 'gt', value: 250 }] }],
  [
    'Opens e-mails',
    'engagement',
    20,
    { all: [{ activity: ['email_opened', 'email_clicked'], min_count: 3, within_days: 60 }] },
  ],
  ['Filled a form', 'engagement', 15, { all: [{ activity: 'form_filled', within_days: 90 }] }],
  [
    'Asked for a call',
    'engagement',
    30,
    { all: [{ activity: 'call_scheduled', within_days: 30 }] },
  ],
] as const

/** The baseline: one plain aggregate scan of the same leads and their activities. */
const BASELINE_SQL = `select count(*) as leads, sum(coalesce(a.n, 0)) as activities, max(a.last_at) as last_at
  from public.leads l
  left join (
    select lead_id, count(*) as n, max(occurred_at) as last_at
    from public.lead_activities where workspace_id = $1 group by lead_id
  ) a on a.lead_id = l.id
  where l.workspace_id = $1`

/**
 * Rescoring a whole workspace with the `leads/rescore_workspace` job (through
 * the platform's worker, as app_authenticated under RLS: rules compiled to one
 * statement, explanations upserted into lead_scores, changed scores written),
 * against a plain aggregate scan of the same leads and activities, in the
 * same run, alternating which goes first.
 */
export async function runLeadsRescoring(
  options: LeadsRescoringOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: LeadsRescoringDetails }> {
  let booted: BootedApp | undefined
  const adminPool = benchPool(options.databaseUrl, 2, 'admin')
  try {
    log('booting the platform in console mode (in this process), plugin leads')
    booted = await bootPlatform(
      platformEnv(options.databaseUrl, options.dataDir, {
        PLUGINS: 'leads',
      })
    )
    const { platform } = booted
    await platform.prepare({ seed: false })
    const { withService, withTenant } = await import('#core/tenancy/tenant_transaction')
    const { createUserWithWorkspace } = await import('#modules/identity/services/index')
    const { enqueue } = await import('#core/jobs/enqueue')

    const owner = await withService(({ trx }) =>
      createUserWithWorkspace(trx, {
        email: `bench-leads-${process.pid}-${Date.now()}@example.com`,
        password: 'bench-password-0123456789',
        fullName: 'Bench Leads',
      })
    )
    const workspaceId = owner.workspace.id as string
    const identity = { userId: owner.user.id as string, workspaceId, via: 'job' as const }

    log(`generating ${options.leads} leads with activities`)
    await adminPool.query(
      `insert into public.leads (workspace_id, email, first_name, last_name, company, job_title,
          company_size, industry, source, tags, custom_fields, created_at)
        select $1, 'lead' || g || '@company' || (g % 5000) || '.example', 'First' || g, 'Last' || g,
          'Company ' || (g % 5000),
          (array['Marketing Director', 'CTO', 'Analyst', 'Student', 'VP Sales', 'Engineer'])[1 + g % 6],
          (array['startup', 'small', 'medium', 'enterprise'])[1 + g % 4],
          (array['software', 'retail', 'finance', 'healthcare'])[1 + g % 4],
          (array['website', 'webinar', 'referral', 'event'])[1 + g % 4],
          case when g % 3 = 0 then array['vip'] else '{}'::text[] end,
          jsonb_build_object('seats', g % 500),
          now() - (g % 365) * interval '1 day'
        from generate_series(1, $2::int) g`,
      [workspaceId, options.leads]
    )
    await adminPool.query(
      `insert into public.lead_activities (workspace_id, lead_id, activity_type, occurred_at)
        select l.workspace_id, l.id,
          (array['email_opened', 'email_clicked', 'form_filled', 'webinar_attended', 'call_scheduled'])[1 + (h + k) % 5],
          now() - ((h * 7 + k * 13) % 120) * interval '1 day'
        from (select id, workspace_id, abs(hashtext(id::text)::bigint) as h from public.leads where workspace_id = $1) l,
          generate_series(1, 1 + l.h % 9) k`,
      [workspaceId]
    )
    const { rows: counts } = await adminPool.query(
      'select (select count(*) from public.lead_activities where workspace_id = $1)::int as activities',
      [workspaceId]
    )
    await adminPool.query(
      `insert into public.lead_scoring_rules (workspace_id, rule_name, category, score_weight, conditions)
        select $1, r ->> 0, r ->> 1, (r ->> 2)::int, r -> 3 from jsonb_array_elements($2::jsonb) r`,
      [workspaceId, JSON.stringify(RULES)]
    )
    await adminPool.query('analyze public.leads, public.lead_activities, public.lead_scores')

    await platform.startWorker()
    const runJob = async () => {
      await withTenant(identity, () => enqueue('leads/rescore_workspace'))
      const started = performance.now()
      for (;;) {
        const { rows } = await adminPool.query(
          `select count(*)::int as n, max(last_error) as error from graphile_worker.jobs
            where task_identifier = 'leads/rescore_workspace'`
        )
        if (rows[0].error) throw new Error(`rescoring job failed: ${rows[0].error}`)
        if (rows[0].n === 0) return (performance.now() - started) / 1000
        if (performance.now() - started > JOB_TIMEOUT_MS) throw new Error('rescoring job timed out')
        await sleep(5)
      }
    }
    const changed = async () => {
      const { rows } = await adminPool.query(
        `select count(*)::int as n from public.webhook_events
          where workspace_id = $1 and event_type = 'lead.score_changed'`,
        [workspaceId]
      )
      return rows[0].n as number
    }

    log('cold rescoring (every score changes)')
    const coldSeconds = await runJob()
    const coldScoreChanges = await changed()
    log(`  cold: ${coldSeconds.toFixed(2)} s, ${coldScoreChanges} scores changed`)
    await adminPool.query('vacuum analyze public.leads, public.lead_scores')

    const baseline = async () => {
      const started = performance.now()
      await adminPool.query(BASELINE_SQL, [workspaceId])
      return (performance.now() - started) / 1000
    }
    const platformSeconds: number[] = []
    const baselineSeconds: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      if (round % 2 === 0) {
        baselineSeconds.push(await baseline())
        platformSeconds.push(await runJob())
      } else {
        platformSeconds.push(await runJob())
        baselineSeconds.push(await baseline())
      }
      log(
        `  round ${round + 1}: rescoring ${platformSeconds.at(-1)!.toFixed(2)} s, ` +
          `aggregate scan ${baselineSeconds.at(-1)!.toFixed(3)} s`
      )
    }
    const scenario = `Leads: rescoring ${options.leads.toLocaleString('en')} leads (${counts[0].activities.toLocaleString('en')} activities, ${RULES.length} rules) vs a plain aggregate scan`
    const comparisons = [
      compareRounds(scenario, 'time (lower is better)', 's', platformSeconds, baselineSeconds, {
        platform: 'job leads/rescore_workspace',
        baseline: 'count/sum/max over leads joined to per-lead activity aggregates',
      }),
    ]
    return {
      comparisons,
      details: {
        settings: {
          leads: options.leads,
          rounds: options.rounds,
          activities: counts[0].activities,
          rules: RULES.length,
        },
        coldSeconds,
        coldScoreChanges,
        platformSeconds,
        baselineSeconds,
      },
    }
  } finally {
    await booted?.platform.jobs.stop()
    await adminPool.end()
    await booted?.app.terminate()
  }
}
