import { tenant, rawQuery } from '#sdk'
import {
  kpisOf,
  scorePerformance,
  suggestionsFor,
  type KpiName,
  type Kpis,
  type MetricTotals,
} from './performance_scoring.js'
import { addDays } from './prediction_service.js'
import { campaignResource, type CampaignRow } from './campaign_resource.js'

/** Days of metrics one measurement looks at. */
export const MONITOR_WINDOW_DAYS = 30

const KPI_NAMES: KpiName[] = ['ctr', 'conversion_rate', 'cpc', 'cpa', 'roi']

/** Sums of the base metric types over (from, to], for one campaign or for the workspace's others. */
async function totals(
  scope: { campaignId?: string; exceptCampaignId?: string },
  from: string,
  to: string
) {
  const { trx } = tenant()
  const result = await rawQuery<MetricTotals>(
    trx,
    `select coalesce(sum(metric_value) filter (where metric_type = 'impressions'), 0)::float8 as impressions,
        coalesce(sum(metric_value) filter (where metric_type = 'clicks'), 0)::float8 as clicks,
        coalesce(sum(metric_value) filter (where metric_type = 'conversions'), 0)::float8 as conversions,
        coalesce(sum(metric_value) filter (where metric_type = 'cost'), 0)::float8 as cost,
        coalesce(sum(metric_value) filter (where metric_type = 'revenue'), 0)::float8 as revenue
      from campaign_metrics
      where (?::uuid is null or campaign_id = ?::uuid)
        and (?::uuid is null or campaign_id <> ?::uuid)
        and metric_date > ?::date and metric_date <= ?::date`,
    [
      scope.campaignId ?? null,
      scope.campaignId ?? null,
      scope.exceptCampaignId ?? null,
      scope.exceptCampaignId ?? null,
      from,
      to,
    ]
  )
  return result.rows[0]
}

/** Numeric KPI targets from the campaign's kpi_targets (other keys are ignored). */
function targetsOf(campaign: CampaignRow): Partial<Kpis> {
  const targets: Partial<Kpis> = {}
  for (const kpi of KPI_NAMES) {
    const value = campaign.kpi_targets?.[kpi]
    if (typeof value === 'number' && Number.isFinite(value)) targets[kpi] = value
  }
  return targets
}

/**
 * The benchmark of each KPI, first match wins: the campaign's own
 * `kpi_targets`, then the pooled results of the workspace's other campaigns
 * over the same window, then this campaign's previous window.
 */
function benchmarksOf(targets: Partial<Kpis>, peers: Kpis, previous: Kpis) {
  const values: Partial<Kpis> = {}
  const sources: Record<string, string> = {}
  for (const kpi of KPI_NAMES) {
    const candidates: Array<[number | null | undefined, string]> = [
      [targets[kpi], 'kpi_targets'],
      [peers[kpi], 'workspace_peers'],
      [previous[kpi], 'previous_window'],
    ]
    const found = candidates.find(([value]) => value !== null && value !== undefined)
    if (found) {
      values[kpi] = found[0] as number
      sources[kpi] = found[1]
    }
  }
  return { values, sources }
}

function elapsedShare(campaign: CampaignRow, now: Date) {
  if (!campaign.start_date || !campaign.end_date) return null
  const start = new Date(campaign.start_date).getTime()
  const end = new Date(campaign.end_date).getTime()
  if (end <= start) return null
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)))
}

/**
 * Measures one campaign over the last 30 days: KPIs, benchmarks, the 0–100
 * score and rule-based suggestions. Writes one campaign_performance_monitor
 * row per campaign and UTC day (a rerun the same day replaces it) and the
 * KPIs as campaign_performance_metrics. Returns null when no KPI can be
 * compared yet (no metrics or no benchmark).
 */
export async function measureCampaign(campaign: CampaignRow, now = new Date()) {
  const { trx, workspaceId } = tenant()
  const today = now.toISOString().slice(0, 10)
  const from = addDays(today, -MONITOR_WINDOW_DAYS)
  const current = await totals({ campaignId: campaign.id }, from, today)
  const previous = await totals(
    { campaignId: campaign.id },
    addDays(from, -MONITOR_WINDOW_DAYS),
    from
  )
  const peers = await totals({ exceptCampaignId: campaign.id }, from, today)
  const kpis = kpisOf(current)
  const benchmark = benchmarksOf(targetsOf(campaign), kpisOf(peers), kpisOf(previous))
  const { score, parts } = scorePerformance(kpis, benchmark.values)
  if (score === null) return null

  const lastWeek = await totals({ campaignId: campaign.id }, addDays(today, -7), today)
  const weekBefore = await totals(
    { campaignId: campaign.id },
    addDays(today, -14),
    addDays(today, -7)
  )
  const allTime = await totals({ campaignId: campaign.id }, '1900-01-01', '2999-12-31')
  const spent = Math.max(Number(campaign.budget_spent), allTime.cost)
  const suggestions = suggestionsFor({
    parts,
    kpis,
    recentClicks: lastWeek.clicks,
    previousClicks: weekBefore.clicks,
    spentShare: Number(campaign.total_budget) > 0 ? spent / Number(campaign.total_budget) : null,
    elapsedShare: elapsedShare(campaign, now),
  })

  const dayStart = `${today}T00:00:00Z`
  await trx
    .from('campaign_performance_monitor')
    .where('campaign_id', campaign.id)
    .where('measured_at', '>=', dayStart)
    .delete()
  await trx
    .from('campaign_performance_metrics')
    .where('campaign_id', campaign.id)
    .where('recorded_at', '>=', dayStart)
    .delete()
  const [row] = await trx
    .insertQuery()
    .table('campaign_performance_monitor')
    .insert({
      workspace_id: workspaceId,
      campaign_id: campaign.id,
      channel: campaign.channel ?? 'unspecified',
      metrics: JSON.stringify({ window: { from, to: today }, ...current, ...kpis }),
      benchmark_metrics: JSON.stringify({ ...benchmark.values, sources: benchmark.sources }),
      performance_score: score,
      optimization_suggestions: JSON.stringify(suggestions),
      auto_actions_taken: JSON.stringify([]),
      measured_at: now,
    })
    .returning('*')
  const recorded = [
    ...KPI_NAMES.filter((kpi) => kpis[kpi] !== null).map((kpi) => ({
      metric_name: kpi,
      metric_value: kpis[kpi],
    })),
    { metric_name: 'performance_score', metric_value: score },
  ]
  await trx
    .insertQuery()
    .table('campaign_performance_metrics')
    .multiInsert(
      recorded.map((item) => ({
        ...item,
        workspace_id: workspaceId,
        campaign_id: campaign.id,
        recorded_at: now,
      }))
    )
  return row
}

/** Measures one campaign, or every active campaign of the workspace; returns how many were scored. */
export async function monitorWorkspace(campaignId?: string) {
  const { trx } = tenant()
  const query = campaignResource.query(trx)
  if (campaignId) query.where('id', campaignId)
  else query.where('status', 'active')
  const campaigns: CampaignRow[] = await query
  let scored = 0
  for (const campaign of campaigns) {
    if (await measureCampaign(campaign)) scored++
  }
  return { campaigns: campaigns.length, scored }
}
