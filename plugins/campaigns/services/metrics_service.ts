import { tenant, rawQuery } from '#sdk'
import { kpisOf, type MetricTotals } from './performance_scoring.js'

/** The metric types the summary and the daily totals add up (the KPIs derive from them). */
export const BASE_METRIC_TYPES = [
  'impressions',
  'clicks',
  'conversions',
  'cost',
  'revenue',
] as const

/** One `sum(...) filter (...)` column per base metric type of the rows aliased `m`. */
const BASE_TOTALS = BASE_METRIC_TYPES.map(
  (type) =>
    `coalesce(sum(m.metric_value) filter (where m.metric_type = '${type}'), 0)::float8 as ${type}`
).join(',\n    ')

/**
 * Totals of the base metric types over an inclusive range of days, in one
 * statement; the KPIs are derived from them by `kpisOf` (the monitor's formulas).
 */
const SUMMARY_SQL = `select
    ${BASE_TOTALS},
    count(distinct m.metric_date)::int as days_with_data,
    min(m.metric_date)::text as first_day,
    max(m.metric_date)::text as last_day
  from campaign_metrics m
  where m.campaign_id = ?::uuid
    and (?::date is null or m.metric_date >= ?::date)
    and (?::date is null or m.metric_date <= ?::date)`

/**
 * The same totals per day over an inclusive range, every day present (0 on
 * days without rows), oldest first: the time series of a dashboard.
 */
const DAILY_TOTALS_SQL = `select d::date::text as day,
    ${BASE_TOTALS}
  from generate_series(?::date, ?::date, interval '1 day') d
  left join campaign_metrics m on m.campaign_id = ?::uuid and m.metric_date = d::date
  group by d
  order by d`

/** Summary of a campaign's metrics over an inclusive range of days (null = open). */
export async function campaignSummary(campaignId: string, from: string | null, to: string | null) {
  const { trx } = tenant()
  const result = await rawQuery<
    MetricTotals & { days_with_data: number; first_day: string | null; last_day: string | null }
  >(trx, SUMMARY_SQL, [campaignId, from, from, to, to])
  const totals = result.rows[0]
  return { campaign_id: campaignId, from, to, ...totals, ...kpisOf(totals) }
}

/** Totals of the base metric types on one day. */
export type DailyTotals = MetricTotals & { day: string }

/** Base metric totals of each day from `from` to `to` (inclusive), zeros on days without data. */
export async function dailyTotals(
  campaignId: string,
  from: string,
  to: string
): Promise<DailyTotals[]> {
  const { trx } = tenant()
  const result = await rawQuery<DailyTotals>(trx, DAILY_TOTALS_SQL, [from, to, campaignId])
  return result.rows
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
