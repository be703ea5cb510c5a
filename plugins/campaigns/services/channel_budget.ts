import { tenant, rawQuery } from '#sdk'

/** A campaign's channel as the budget tools group it (campaigns without one share `unspecified`). */
const CHANNEL = `coalesce(nullif(btrim(c.channel), ''), 'unspecified')`

/** One channel's totals on one day. */
export interface ChannelDay {
  channel: string
  day: string
  impressions: number
  clicks: number
  conversions: number
  cost: number
  revenue: number
}

/**
 * Daily totals per channel over an inclusive range of days, in one statement:
 * what budget allocation and reports read. Only days with rows are returned.
 */
export async function channelDailyMetrics(from: string, to: string): Promise<ChannelDay[]> {
  const { trx } = tenant()
  const result = await rawQuery<ChannelDay>(
    trx,
    `select ${CHANNEL} as channel, m.metric_date::text as day,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'impressions'), 0)::float8 as impressions,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'clicks'), 0)::float8 as clicks,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'conversions'), 0)::float8 as conversions,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'cost'), 0)::float8 as cost,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'revenue'), 0)::float8 as revenue
      from campaign_metrics m
      join campaigns c on c.workspace_id = m.workspace_id and c.id = m.campaign_id
      where m.metric_date between ?::date and ?::date
        and m.metric_type in ('impressions', 'clicks', 'conversions', 'cost', 'revenue')
      group by 1, 2
      order by 1, 2`,
    [from, to]
  )
  return result.rows
}

/** A channel with active campaigns, and its current daily budget. */
export interface ActiveChannel {
  channel: string
  campaigns: number
  auto_managed_campaigns: number
  /** Sum of the active campaigns' `settings.daily_budget`; null when none of them has one. */
  daily_budget: number | null
}

/** The channels of the workspace's active campaigns, with their daily budgets (one statement). */
export async function activeChannels(): Promise<ActiveChannel[]> {
  const { trx } = tenant()
  const result = await rawQuery<ActiveChannel>(
    trx,
    `select ${CHANNEL} as channel, count(*)::int as campaigns,
        count(*) filter (where c.auto_managed)::int as auto_managed_campaigns,
        sum(case when jsonb_typeof(c.settings->'daily_budget') = 'number'
          then (c.settings->>'daily_budget')::numeric end)::float8 as daily_budget
      from campaigns c
      where c.status = 'active'
      group by 1
      order by 1`
  )
  return result.rows
}

/** One campaign whose daily budget a channel change moved. */
export interface AppliedCampaignBudget {
  campaign_id: string
  before: number
  after: number
  /** Whether the action was appended to the campaign's latest measurement's `auto_actions_taken`. */
  recorded: boolean
}

/**
 * Sets a channel's daily budget: the active campaigns of the channel (only the
 * `auto_managed` ones when `onlyAutoManaged`) share `dailyBudget` in
 * proportion to their current `settings.daily_budget` (equally when none has
 * one), and `action` is appended to `auto_actions_taken` of each campaign's
 * latest performance measurement. One statement; the rows are locked, so two
 * concurrent applications serialise.
 */
export async function applyChannelBudget(input: {
  channel: string
  dailyBudget: number
  onlyAutoManaged: boolean
  action: Record<string, unknown>
}): Promise<AppliedCampaignBudget[]> {
  const { trx } = tenant()
  const result = await rawQuery<AppliedCampaignBudget>(
    trx,
    `with targets as (
        select c.id,
          case when jsonb_typeof(c.settings->'daily_budget') = 'number'
            then (c.settings->>'daily_budget')::numeric else 0 end as before
        from campaigns c
        where c.status = 'active' and ${CHANNEL} = ? and (not ?::boolean or c.auto_managed)
        for update
      ),
      weights as (
        select id, before,
          case when sum(before) over () > 0 then before / sum(before) over ()
            else 1.0 / count(*) over () end as share
        from targets
      ),
      updated as (
        update campaigns c
          set settings = jsonb_set(c.settings, '{daily_budget}', to_jsonb(round(?::numeric * w.share, 2)))
        from weights w
        where c.id = w.id
        returning c.id, w.before, (c.settings->>'daily_budget')::numeric as after
      ),
      monitored as (
        update campaign_performance_monitor m
          set auto_actions_taken = m.auto_actions_taken || jsonb_build_array(?::jsonb || jsonb_build_object(
            'campaign_daily_budget_before', u.before, 'campaign_daily_budget_after', u.after))
        from updated u
        where m.id = (select p.id from campaign_performance_monitor p where p.campaign_id = u.id
          order by p.measured_at desc, p.id desc limit 1)
        returning m.campaign_id
      )
      select u.id as campaign_id, u.before::float8 as before, u.after::float8 as after,
        exists (select 1 from monitored x where x.campaign_id = u.id) as recorded
      from updated u
      order by u.id`,
    [input.channel, input.onlyAutoManaged, input.dailyBudget, JSON.stringify(input.action)]
  )
  return result.rows
}
