import { emitEvents, rawQuery, tenant, withTenant, type TenantIdentity } from '#sdk'
import {
  activeChannels,
  channelDailyMetrics,
  monitorWorkspace,
  type ChannelDay,
} from '#plugins/campaigns/services/index'
import { leadsCreatedBetween } from '#plugins/leads/services/index'
import { configResource, type ConfigRow } from './config_resource.js'
import { logActivities, type ActivityEntry } from './activity_log.js'
import { metricsWindowStart, planBudget } from './budget_plan.js'
import { addDays } from './dates.js'
import { seedOf } from './random.js'
import { triageLead } from './lead_triage.js'
import { contentPluginsEnabled, proposeWeeklyContent } from './content_step.js'
import { applyProposal } from './proposal_service.js'
import { proposalResource, type ProposalRow } from './proposal_resource.js'

/** The steps of a daily run, in order; each commits on its own, and the kill switch is read before each. */
export const DAILY_STEPS = ['metrics', 'budget', 'leads', 'content'] as const
/** One step of a daily run. */
export type DailyStep = (typeof DAILY_STEPS)[number]

/** How a daily run ended (or why it did not run). */
export type DailyOutcome =
  'completed' | 'stopped' | 'already_completed' | 'already_stopped' | 'no_config'

interface RunState {
  id: string
  status: string
  steps_done: string[]
  dry_run: boolean
  started_at: Date
  /** When the workspace's previous daily run started (the lead triage window opens there). */
  previous_started_at: Date | null
}

interface StepContext {
  config: ConfigRow
  run: RunState
  runDate: string
  dryRun: boolean
  cache: { metrics?: ChannelDay[] }
}

const sum = (rows: ChannelDay[], key: keyof Omit<ChannelDay, 'channel' | 'day'>) =>
  Math.round(rows.reduce((total, row) => total + row[key], 0) * 100) / 100

/** Step 1: yesterday's metrics per channel, and the campaigns' performance monitor. */
async function metricsStep(context: StepContext) {
  const yesterday = addDays(context.runDate, -1)
  const metrics = await channelDailyMetrics(metricsWindowStart(context.runDate), yesterday)
  context.cache.metrics = metrics
  const rows = metrics.filter((row) => row.day === yesterday)
  const totals = {
    day: yesterday,
    impressions: sum(rows, 'impressions'),
    clicks: sum(rows, 'clicks'),
    conversions: sum(rows, 'conversions'),
    cost: sum(rows, 'cost'),
    revenue: sum(rows, 'revenue'),
  }
  const monitored = context.dryRun ? null : await monitorWorkspace()
  const entries: ActivityEntry[] = [
    {
      activity_type: 'metrics_reviewed',
      activity_description: `Reviewed ${yesterday}: ${totals.conversions} conversions for ${totals.cost} spent on ${rows.length} channels`,
      metadata: { dry_run: context.dryRun },
      impact_metrics: {
        ...totals,
        by_channel: Object.fromEntries(
          rows.map((row) => [
            row.channel,
            { cost: row.cost, conversions: row.conversions, revenue: row.revenue },
          ])
        ),
      },
    },
  ]
  if (monitored) {
    entries.push({
      activity_type: 'campaigns_monitored',
      activity_description: `Performance monitor scored ${monitored.scored} of ${monitored.campaigns} active campaigns`,
      impact_metrics: monitored,
    })
  }
  await logActivities(context.config.id, context.run.id, entries)
  return { ...totals, channels: rows.length, monitored }
}

/** Step 2: the allocator's proposals under the guard rails; auto-applies what it may. */
async function budgetStep(context: StepContext) {
  const { trx, workspaceId } = tenant()
  const metrics =
    context.cache.metrics ??
    (await channelDailyMetrics(metricsWindowStart(context.runDate), addDays(context.runDate, -1)))
  const active = await activeChannels()
  const plan = planBudget({
    runDate: context.runDate,
    monthlyBudget: Number(context.config.monthly_budget),
    managedChannels: context.config.channels ?? [],
    active,
    metrics,
    seed: seedOf(`${workspaceId}:${context.runDate}`),
  })
  const planSummary = {
    daily_cap: plan.daily_cap,
    spent_this_month: plan.spent_this_month,
    days_left: plan.days_left,
  }
  if (context.dryRun) {
    await logActivities(context.config.id, context.run.id, [
      {
        activity_type: 'budget_dry_run',
        activity_description: `Dry run: would propose ${plan.decisions.length} budget changes (daily cap ${plan.daily_cap})`,
        metadata: { dry_run: true, ...planSummary, decisions: plan.decisions },
      },
    ])
    return { ...planSummary, proposed: plan.decisions.length, applied: 0, dry_run: true }
  }
  await rawQuery(
    trx,
    `update autopilot_proposals set status = 'superseded'
      where status = 'pending' and run_id is distinct from ?::uuid`,
    [context.run.id]
  )
  if (!plan.decisions.length) return { ...planSummary, proposed: 0, applied: 0 }
  const inserted: ProposalRow[] = await trx
    .insertQuery()
    .table('autopilot_proposals')
    .multiInsert(
      plan.decisions.map((decision) => ({
        workspace_id: workspaceId,
        autopilot_config_id: context.config.id,
        run_id: context.run.id,
        kind: decision.kind,
        channel: decision.channel,
        current_daily_budget: decision.current,
        proposed_daily_budget: decision.proposed,
        requires_approval: decision.requires_approval,
        rationale: JSON.stringify({
          ...decision.rationale,
          bounded_by: decision.bounded_by,
          ...planSummary,
        }),
      }))
    )
    .returning([...proposalResource.storedColumns])
  const autoChannels = new Set(
    active
      .filter((item) => item.campaigns > 0 && item.auto_managed_campaigns === item.campaigns)
      .map((item) => item.channel)
  )
  const entries: ActivityEntry[] = []
  const pending: ProposalRow[] = []
  let applied = 0
  for (const proposal of inserted) {
    const before = Number(proposal.current_daily_budget)
    const after = Number(proposal.proposed_daily_budget)
    const rationale = proposal.rationale as Record<string, number>
    const impact = {
      before: { daily_budget: before, expected_conversions: rationale.expected_conversions_before },
      after: { daily_budget: after, expected_conversions: rationale.expected_conversions_after },
    }
    if (
      !proposal.requires_approval &&
      proposal.kind === 'budget_change' &&
      autoChannels.has(proposal.channel)
    ) {
      const result = await applyProposal(proposal, { userId: null, auto: true })
      applied++
      entries.push({
        activity_type: 'budget_applied',
        activity_description: `Moved ${proposal.channel} from ${before} to ${after} a day (within ±20 %, auto-managed campaigns)`,
        entity_type: 'autopilot_proposal',
        entity_id: proposal.id,
        metadata: {
          campaigns: (result.application as { campaigns?: unknown[] })?.campaigns?.length ?? 0,
        },
        impact_metrics: impact,
      })
    } else {
      pending.push(proposal)
      entries.push({
        activity_type: proposal.kind === 'pause_channel' ? 'pause_proposed' : 'budget_proposed',
        activity_description:
          proposal.kind === 'pause_channel'
            ? `Proposed pausing ${proposal.channel}: ${rationale.spend_last_14_days} spent in 14 days without a conversion`
            : `Proposed moving ${proposal.channel} from ${before} to ${after} a day (awaiting approval)`,
        entity_type: 'autopilot_proposal',
        entity_id: proposal.id,
        metadata: { requires_approval: proposal.requires_approval },
        impact_metrics: impact,
      })
    }
  }
  await emitEvents(
    pending.map((proposal) => ({
      type: 'autopilot.proposal_created',
      data: {
        proposal_id: proposal.id,
        kind: proposal.kind,
        channel: proposal.channel,
        current_daily_budget: Number(proposal.current_daily_budget),
        proposed_daily_budget: Number(proposal.proposed_daily_budget),
        requires_approval: proposal.requires_approval,
      },
    }))
  )
  await logActivities(context.config.id, context.run.id, entries)
  return { ...planSummary, proposed: inserted.length, applied, pending: pending.length }
}

/** Step 3: leads that arrived since the previous run, triaged into the inbox. */
async function leadsStep(context: StepContext) {
  const { trx, workspaceId } = tenant()
  const until = context.run.started_at
  const since = context.run.previous_started_at ?? new Date(until.getTime() - 86_400_000)
  const arrived = await leadsCreatedBetween(new Date(since), until)
  const triaged = arrived.map(triageLead)
  const byPriority = { high: 0, medium: 0, low: 0 }
  for (const lead of triaged) byPriority[lead.priority]++
  if (context.dryRun || !triaged.length) {
    if (context.dryRun) {
      await logActivities(context.config.id, context.run.id, [
        {
          activity_type: 'leads_triage_dry_run',
          activity_description: `Dry run: would add ${triaged.length} new leads to the inbox`,
          metadata: { dry_run: true, by_priority: byPriority },
        },
      ])
    }
    return { arrived: triaged.length, added: 0, by_priority: byPriority }
  }
  // The inbox's size before (the count does not see the insert of the same statement) and the rows added.
  const inserted = await rawQuery<{ before: number; added: number }>(
    trx,
    `with added as (
        insert into autopilot_lead_inbox
          (workspace_id, user_id, lead_id, full_name, company_name, email, phone, source, score,
           priority, suggested_action, reasons, received_at)
        select ?::uuid, ?::uuid, x.lead_id, x.full_name, x.company_name, x.email, x.phone, x.source,
          x.score, x.priority, x.suggested_action, x.reasons, now()
        from jsonb_to_recordset(?::jsonb) as x(lead_id uuid, full_name text, company_name text,
          email text, phone text, source text, score int, priority text, suggested_action text, reasons jsonb)
        on conflict (workspace_id, user_id, lead_id) do nothing
        returning id
      )
      select (select count(*)::int from autopilot_lead_inbox) as before, (select count(*)::int from added) as added`,
    [workspaceId!, context.config.user_id, JSON.stringify(triaged)]
  )
  const { before, added } = inserted.rows[0]
  await logActivities(context.config.id, context.run.id, [
    {
      activity_type: 'leads_triaged',
      activity_description: `Added ${added} new leads to the inbox (${byPriority.high} high, ${byPriority.medium} medium, ${byPriority.low} low priority)`,
      metadata: { by_priority: byPriority, since: new Date(since).toISOString() },
      impact_metrics: {
        before: { inbox_leads: before },
        after: { inbox_leads: before + added },
      },
    },
  ])
  return { arrived: triaged.length, added, by_priority: byPriority }
}

/**
 * Step 4: draft calendar entries for the coming week through the content
 * face, when the content plugin is enabled; each proposal (or, in a dry run,
 * the plan) is written to the activity log.
 */
async function contentStep(context: StepContext) {
  const metrics =
    context.cache.metrics ??
    (await channelDailyMetrics(metricsWindowStart(context.runDate), addDays(context.runDate, -1)))
  const result = await proposeWeeklyContent({
    runDate: context.runDate,
    runId: context.run.id,
    goals: context.config.goals ?? [],
    managedChannels: context.config.channels ?? [],
    metrics,
    dryRun: context.dryRun,
  })
  if (!result.enabled.length) return result
  const { entries = [], ...summary } = result
  const log: ActivityEntry[] = context.dryRun
    ? [
        {
          activity_type: 'content_dry_run',
          activity_description: result.note,
          metadata: { ...summary, entries },
        },
      ]
    : entries.map((entry) => ({
        activity_type: 'content_proposed',
        activity_description: `Proposed "${entry.title}" on ${entry.channel} for ${entry.scheduled_date.slice(0, 10)} (a draft awaiting approval)`,
        entity_type: 'content_calendar_entry',
        entity_id: entry.id,
        metadata: {
          proposal_key: entry.proposal_key,
          campaign_id: entry.campaign_id,
          week_start: result.week_start,
        },
        impact_metrics: { grounds: entry.grounds },
      }))
  if (!log.length) {
    log.push({
      activity_type: 'content_step',
      activity_description: result.note,
      metadata: { ...summary, dry_run: context.dryRun },
    })
  }
  await logActivities(context.config.id, context.run.id, log)
  return { ...summary, entry_ids: entries.map((entry) => entry.id).filter(Boolean) }
}

const STEP_WORK: Record<DailyStep, (context: StepContext) => Promise<Record<string, unknown>>> = {
  metrics: metricsStep,
  budget: budgetStep,
  leads: leadsStep,
  content: contentStep,
}

/**
 * Runs a group of steps in the current tenant transaction: opens the run on
 * the first step (one row per workspace and day), locks it, reads the kill
 * switch, does each step that is not done yet (a retried job resumes where it
 * failed), and records them as done in the same transaction, so no step runs
 * twice. The last group also completes the run, in the same statement.
 */
async function runSteps(
  steps: readonly DailyStep[],
  runDate: string,
  cache: StepContext['cache'],
  startedAt: Date | null = null
): Promise<{ outcome: DailyOutcome | 'continue'; runId: string | null }> {
  const { trx } = tenant()
  if (steps.includes(DAILY_STEPS[0])) {
    await rawQuery(
      trx,
      `insert into autopilot_runs (workspace_id, autopilot_config_id, kind, run_date, dry_run, started_at)
        select c.workspace_id, c.id, 'daily', ?::date, c.dry_run, coalesce(?::timestamptz, clock_timestamp())
        from marketing_autopilot_config c
        on conflict (workspace_id, kind, run_date) do nothing`,
      [runDate, startedAt?.toISOString() ?? null]
    )
  }
  // The run (locked), the previous run's start and the configuration, in one statement.
  const found = await rawQuery<ConfigRow & { run: RunState }>(
    trx,
    `select ${configResource.sql('c')},
        json_build_object('id', r.id, 'status', r.status, 'steps_done', r.steps_done,
          'dry_run', r.dry_run, 'started_at', r.started_at,
          'previous_started_at', (select max(p.started_at) from autopilot_runs p
            where p.kind = 'daily' and p.id <> r.id and p.started_at < r.started_at)) as run
      from autopilot_runs r
      join marketing_autopilot_config c on c.workspace_id = r.workspace_id and c.id = r.autopilot_config_id
      where r.kind = 'daily' and r.run_date = ?::date
      for update of r`,
    [runDate]
  )
  if (!found.rows[0]) return { outcome: 'no_config', runId: null }
  const { run: json, ...config } = found.rows[0]
  const run: RunState = {
    ...json,
    started_at: new Date(json.started_at),
    previous_started_at: json.previous_started_at ? new Date(json.previous_started_at) : null,
  }
  if (run.status === 'completed') return { outcome: 'already_completed', runId: run.id }
  if (run.status === 'stopped') return { outcome: 'already_stopped', runId: run.id }
  const next = steps.find((step) => !run.steps_done.includes(step)) ?? steps[0]
  if (!config.is_active) {
    await rawQuery(
      trx,
      `update autopilot_runs set status = 'stopped', finished_at = now(),
          summary = summary || jsonb_build_object('stopped_before', ?::text)
        where id = ?::uuid`,
      [next, run.id]
    )
    await logActivities(config.id, run.id, [
      {
        activity_type: 'run_stopped',
        activity_description: `Kill switch: the autopilot is inactive, so the run stopped before its ${next} step`,
        metadata: { step: next, steps_done: run.steps_done },
      },
    ])
    return { outcome: 'stopped', runId: run.id }
  }
  const done: string[] = []
  const results: Record<string, unknown> = {}
  for (const step of steps) {
    if (run.steps_done.includes(step)) continue
    const context: StepContext = { config, run, runDate, dryRun: run.dry_run, cache }
    results[step] = await STEP_WORK[step](context)
    done.push(step)
  }
  const last = steps.includes(DAILY_STEPS[DAILY_STEPS.length - 1])
  const entries: ActivityEntry[] = last
    ? [
        {
          activity_type: 'daily_run_completed',
          activity_description: `Daily run of ${runDate} completed${run.dry_run ? ' (dry run: nothing was changed)' : ''}`,
          metadata: { dry_run: run.dry_run },
        },
      ]
    : []
  // Steps done, and on the last group the run's completion and the config's
  // last_optimized_at (not in a dry run), in one statement.
  await rawQuery(
    trx,
    `with run as (
        update autopilot_runs
          set steps_done = steps_done || ?::text[], summary = summary || ?::jsonb,
            status = case when ?::boolean then 'completed' else status end,
            finished_at = case when ?::boolean then now() else finished_at end,
            last_error = case when ?::boolean then null else last_error end
          where id = ?::uuid
          returning id
      )
      update marketing_autopilot_config set last_optimized_at = now()
        where ?::boolean and not ?::boolean and id = ?::uuid and exists (select 1 from run)`,
    [done, JSON.stringify(results), last, last, last, run.id, last, run.dry_run, config.id]
  )
  await logActivities(config.id, run.id, entries)
  return { outcome: last ? 'completed' : 'continue', runId: run.id }
}

/**
 * The daily orchestration of one workspace for `runDate`: each step in its own
 * tenant transaction (so the kill switch, flipped by anyone between two steps,
 * stops the run at the next one, and no transaction stays open across steps).
 * When no content plugin is enabled, the content step has nothing to do and
 * shares the leads step's transaction. `afterStep` runs between transactions
 * with the group's last step (tests use it to flip the kill switch).
 */
export async function runDailyAutopilot(
  identity: TenantIdentity & { userId: string; workspaceId: string },
  runDate: string,
  options: { afterStep?: (step: DailyStep) => Promise<void> } = {}
): Promise<{ outcome: DailyOutcome; runId: string | null }> {
  const cache: StepContext['cache'] = {}
  const contentPlugins = await contentPluginsEnabled()
  const groups: DailyStep[][] = contentPlugins.length
    ? DAILY_STEPS.map((step) => [step])
    : [['metrics'], ['budget'], ['leads', 'content']]
  for (const group of groups) {
    const result = await withTenant(identity, () => runSteps(group, runDate, cache))
    if (result.outcome !== 'continue') return { outcome: result.outcome, runId: result.runId }
    await options.afterStep?.(group[group.length - 1])
  }
  return { outcome: 'completed', runId: null }
}

/**
 * A whole daily run in the current tenant transaction (the demo seed, which
 * has one transaction): the same steps, without a commit between them.
 */
export async function runDailyInTransaction(runDate: string, startedAt: Date) {
  return runSteps(DAILY_STEPS, runDate, {}, startedAt)
}

/** Records a failed attempt of a run (its error and attempt count), in its own transaction. */
export async function recordRunFailure(
  identity: TenantIdentity & { userId: string; workspaceId: string },
  kind: 'daily' | 'weekly',
  runDate: string,
  error: unknown,
  final: boolean
) {
  const message = error instanceof Error ? error.message : String(error)
  await withTenant(identity, async ({ trx }) => {
    await rawQuery(
      trx,
      `update autopilot_runs set attempts = attempts + 1, last_error = left(?, 2000),
          status = case when ?::boolean then 'failed' else status end
        where kind = ? and run_date = ?::date and status in ('running', 'failed')`,
      [message, final, kind, runDate]
    )
  })
}
