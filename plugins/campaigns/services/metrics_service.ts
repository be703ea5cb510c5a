import { tenant, rawQuery } from '#sdk'
import { kpisOf, type MetricTotals } from './performance_scoring.js'

/**
 * Totals of the base metric types over an inclusive range of days, in one
 * statement; the KPIs are derived from them by `kpisOf` (the monitor's formulas).
 */
const SUMMARY_SQL = `select
    coalesce(sum(metric_value) filter (where metric_type = 'impressions'), 0)::float8 as impressions,
    coalesce(sum(metric_value) filter (where metric_type = 'clicks'), 0)::float8 as clicks,
    coalesce(sum(metric_value) filter (where metric_type = 'conversions'), 0)::float8 as conversions,
    coalesce(sum(metric_value) filter (where metric_type = 'cost'), 0)::float8 as cost,
    coalesce(sum(metric_value) filter (where metric_type = 'revenue'), 0)::float8 as revenue,
    count(distinct metric_date)::int as days_with_data,
    min(metric_date)::text as first_day,
    max(metric_date)::text as last_day
  from campaign_metrics
  where campaign_id = ?::uuid
    and (?::date is null or metric_date >= ?::date)
    and (?::date is null or metric_date <= ?::date)`

/** Summary of a campaign's metrics over an inclusive range of days (null = open). */
export async function campaignSummary(campaignId: string, from: string | null, to: string | null) {
  const { trx } = tenant()
  const result = await rawQuery<
    MetricTotals & { days_with_data: number; first_day: string | null; last_day: string | null }
  >(trx, SUMMARY_SQL, [campaignId, from, from, to, to])
  const totals = result.rows[0]
  return { campaign_id: campaignId, from, to, ...totals, ...kpisOf(totals) }
}

/** A daily series of one metric type, with the days without a row filled with 0. */
export async function dailySeries(campaignId: string, metricType: string) {
  const { trx } = tenant()
  const result = await rawQuery<{ day: string; value: number }>(
    trx,
    `with bounds as (
        select min(metric_date) as first_day, max(metric_date) as last_day
        from campaign_metrics where campaign_id = ?::uuid and metric_type = ?
      )
      select d::date::text as day, coalesce(m.metric_value, 0)::float8 as value
      from bounds, generate_series(bounds.first_day, bounds.last_day, interval '1 day') d
      left join campaign_metrics m
        on m.campaign_id = ?::uuid and m.metric_type = ? and m.metric_date = d::date
      where bounds.first_day is not null
      order by d`,
    [campaignId, metricType, campaignId, metricType]
  )
  return result.rows
}
