import { rawQuery, tenant } from '#sdk'

/** Sums of the base metric types of one channel's campaigns over a range of days. */
export interface ChannelMetricTotals {
  channel: string
  campaigns: number
  impressions: number
  clicks: number
  conversions: number
  cost: number
  revenue: number
  days_with_data: number
}

/** The statement of metricTotalsByChannel (bindings: campaign id ×2, from ×2, to ×2). */
export const CHANNEL_TOTALS_SQL = `select coalesce(nullif(c.channel, ''), 'unassigned') as channel,
            count(distinct c.id)::int as campaigns,
            coalesce(sum(m.metric_value) filter (where m.metric_type = 'impressions'), 0)::float8 as impressions,
            coalesce(sum(m.metric_value) filter (where m.metric_type = 'clicks'), 0)::float8 as clicks,
            coalesce(sum(m.metric_value) filter (where m.metric_type = 'conversions'), 0)::float8 as conversions,
            coalesce(sum(m.metric_value) filter (where m.metric_type = 'cost'), 0)::float8 as cost,
            coalesce(sum(m.metric_value) filter (where m.metric_type = 'revenue'), 0)::float8 as revenue,
            count(distinct m.metric_date)::int as days_with_data
       from campaign_metrics m
       join campaigns c on c.workspace_id = m.workspace_id and c.id = m.campaign_id
      where (?::uuid is null or m.campaign_id = ?::uuid)
        and (?::date is null or m.metric_date >= ?::date)
        and (?::date is null or m.metric_date <= ?::date)
      group by 1
      order by 1`

/**
 * Totals of impressions, clicks, conversions, cost and revenue per channel
 * (the campaign's `channel`, else `unassigned`) over an inclusive range of days
 * (null = open), for the whole workspace or one campaign, in one statement.
 * Other plugins (strategy: funnels, KPI evaluation, the copilot) read the
 * workspace's real performance through this instead of the tables.
 */
export async function metricTotalsByChannel(
  range: { from?: string | null; to?: string | null; campaignId?: string | null } = {}
): Promise<ChannelMetricTotals[]> {
  const from = range.from ?? null
  const to = range.to ?? null
  const campaignId = range.campaignId ?? null
  const result = await rawQuery<ChannelMetricTotals>(tenant().trx, CHANNEL_TOTALS_SQL, [
    campaignId,
    campaignId,
    from,
    from,
    to,
    to,
  ])
  return result.rows
}
