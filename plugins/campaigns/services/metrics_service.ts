import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'

/**
 * Totals of the base metric types and the ratios derived from them, in one
 * statement. A ratio whose denominator is zero is null (nullif), never an
 * error or infinity: CTR = clicks/impressions, CPC = cost/clicks,
 * CPA = cost/conversions, ROI = (revenue − cost)/cost,
 * conversion rate = conversions/clicks.
 */
const SUMMARY_SQL = `with totals as (
    select
      coalesce(sum(metric_value) filter (where metric_type = 'impressions'), 0) as impressions,
      coalesce(sum(metric_value) filter (where metric_type = 'clicks'), 0) as clicks,
      coalesce(sum(metric_value) filter (where metric_type = 'conversions'), 0) as conversions,
      coalesce(sum(metric_value) filter (where metric_type = 'cost'), 0) as cost,
      coalesce(sum(metric_value) filter (where metric_type = 'revenue'), 0) as revenue,
      count(distinct metric_date)::int as days_with_data,
      min(metric_date)::text as first_day,
      max(metric_date)::text as last_day
    from campaign_metrics
    where campaign_id = ?::uuid
      and (?::date is null or metric_date >= ?::date)
      and (?::date is null or metric_date <= ?::date)
  )
  select impressions::float8 as impressions, clicks::float8 as clicks,
    conversions::float8 as conversions, cost::float8 as cost, revenue::float8 as revenue,
    (clicks / nullif(impressions, 0))::float8 as ctr,
    (conversions / nullif(clicks, 0))::float8 as conversion_rate,
    (cost / nullif(clicks, 0))::float8 as cpc,
    (cost / nullif(conversions, 0))::float8 as cpa,
    ((revenue - cost) / nullif(cost, 0))::float8 as roi,
    days_with_data, first_day, last_day
  from totals`

/** Summary of a campaign's metrics over an inclusive range of days (null = open). */
export async function campaignSummary(campaignId: string, from: string | null, to: string | null) {
  const { trx } = tenant()
  const result = await rawQuery(trx, SUMMARY_SQL, [campaignId, from, from, to, to])
  return { campaign_id: campaignId, from, to, ...result.rows[0] }
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
