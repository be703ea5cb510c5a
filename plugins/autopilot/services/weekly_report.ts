import { emitEvent, rawQuery, tenant } from '#sdk'
import { channelDailyMetrics } from '#plugins/campaigns/services/index'
import { leadsCreatedBetween } from '#plugins/leads/services/index'
import { configResource } from './config_resource.js'
import { reportResource, type ReportRow } from './report_resource.js'
import { logActivities } from './activity_log.js'
import { weeklyStatistics } from './report_statistics.js'
import { addDays } from './dates.js'
import { mailWeeklyReport, type ReportMailStatus } from './report_mail.js'

/** Leads counted per week at most (the report says when it hit the bound). */
const MAX_LEADS_COUNTED = 100_000

/**
 * Builds the weekly report of the week starting `weekStart` (a Monday) in the
 * current tenant transaction: leads, spend, ROI, top channel, week-over-week
 * changes and the statistically significant ones, stored once per workspace
 * and week (a regeneration replaces it) and announced by
 * `autopilot.report_ready`. When the email plugin is enabled (and not in dry
 * run) the report is mailed to the config's owner after commit, once per week
 * (see report_mail.ts); `summary.mail` says what happened. Returns null
 * without a configuration or when the kill switch is off.
 */
export async function generateWeeklyReport(weekStart: string): Promise<ReportRow | null> {
  const { trx, workspaceId, userId } = tenant()
  const config = await configResource.query(trx).first()
  if (!config || !config.is_active) return null
  const weekEnd = addDays(weekStart, 6)
  const metrics = await channelDailyMetrics(addDays(weekStart, -7), weekEnd)
  const at = (day: string) => new Date(`${day}T00:00:00Z`)
  const [previousLeads, currentLeads] = await Promise.all([
    leadsCreatedBetween(at(addDays(weekStart, -7)), at(weekStart), MAX_LEADS_COUNTED),
    leadsCreatedBetween(at(weekStart), at(addDays(weekStart, 7)), MAX_LEADS_COUNTED),
  ])
  const stats = weeklyStatistics({
    weekStart,
    metrics,
    leads: { previous: previousLeads.length, current: currentLeads.length },
  })
  // An earlier generation of the week (locked until commit) may have mailed it already.
  const earlier = await rawQuery<{ mail: unknown }>(
    trx,
    `select summary->'mail' as mail from autopilot_weekly_reports
      where workspace_id = ?::uuid and week_start_date = ?::date for update`,
    [workspaceId!, weekStart]
  )
  const earlierMail = earlier.rows[0]?.mail
  const previousMail =
    earlierMail && typeof earlierMail === 'object' ? (earlierMail as ReportMailStatus) : null
  const summary: Record<string, unknown> = {
    this_week: stats.current,
    previous_week: stats.previous,
    week_over_week: stats.week_over_week,
    channels: stats.channels,
    leads_capped: currentLeads.length >= MAX_LEADS_COUNTED,
  }
  const insights = {
    method:
      'Week-over-week changes tested for significance: Poisson counts (conditional binomial), Welch t on daily spend and revenue, two-proportion z on each channel conversion rate; highlights from 90 % confidence',
    highlights: stats.highlights,
    sentences: stats.sentences,
  }
  const result = await rawQuery<{ id: string; inserted: boolean }>(
    trx,
    `insert into autopilot_weekly_reports
        (workspace_id, user_id, autopilot_config_id, week_start_date, week_end_date,
         total_leads_generated, total_spend, roi, top_performing_channel, summary, ai_insights)
      values (?::uuid, ?::uuid, ?::uuid, ?::date, ?::date, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
      on conflict (workspace_id, week_start_date) do update set
        user_id = excluded.user_id, total_leads_generated = excluded.total_leads_generated,
        total_spend = excluded.total_spend, roi = excluded.roi,
        top_performing_channel = excluded.top_performing_channel,
        summary = excluded.summary, ai_insights = excluded.ai_insights, created_at = now()
      returning id, (xmax = 0) as inserted`,
    [
      workspaceId!,
      userId,
      config.id,
      weekStart,
      weekEnd,
      stats.current.leads,
      stats.current.spend,
      stats.current.roi,
      stats.top_channel,
      JSON.stringify(summary),
      JSON.stringify(insights),
    ]
  )
  const { id, inserted } = result.rows[0]
  summary.mail = await mailWeeklyReport({
    ownerId: config.user_id,
    dryRun: config.dry_run,
    previous: previousMail,
    content: {
      reportId: id,
      weekStart,
      weekEnd,
      current: stats.current,
      weekOverWeek: stats.week_over_week,
      topChannel: stats.top_channel,
      sentences: stats.sentences,
    },
  })
  await rawQuery(
    trx,
    `update autopilot_weekly_reports set summary = summary || jsonb_build_object('mail', ?::jsonb)
      where id = ?::uuid`,
    [JSON.stringify(summary.mail), id]
  )
  await rawQuery(
    trx,
    `insert into autopilot_runs (workspace_id, autopilot_config_id, kind, run_date, status, steps_done, summary, finished_at)
      values (?::uuid, ?::uuid, 'weekly', ?::date, 'completed', '{report}', ?::jsonb, now())
      on conflict (workspace_id, kind, run_date) do update
        set status = 'completed', summary = excluded.summary, finished_at = now(), last_error = null`,
    [
      workspaceId!,
      config.id,
      weekStart,
      JSON.stringify({ report_id: id, highlights: stats.highlights.length }),
    ]
  )
  await logActivities(config.id, null, [
    {
      activity_type: 'weekly_report_generated',
      activity_description: `Weekly report ${weekStart} – ${weekEnd}: ${stats.current.leads} leads, ${stats.current.spend} spent, ${stats.highlights.length} significant changes`,
      entity_type: 'autopilot_weekly_report',
      entity_id: id,
      metadata: { regenerated: !inserted },
      impact_metrics: { before: stats.previous, after: stats.current },
    },
  ])
  await emitEvent('autopilot.report_ready', {
    report_id: id,
    week_start_date: weekStart,
    week_end_date: weekEnd,
    total_leads_generated: stats.current.leads,
    total_spend: stats.current.spend,
    roi: stats.current.roi,
    top_performing_channel: stats.top_channel,
    highlights: stats.highlights.length,
  })
  return (await reportResource.query(trx).where('id', id).first()) ?? null
}
