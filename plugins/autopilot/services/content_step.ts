import { isPluginEnabled } from '#sdk'
import {
  activeChannels,
  campaignsForPlanning,
  type ActiveChannel,
  type CampaignRow,
  type ChannelDay,
} from '#plugins/campaigns/services/index'
import type { CalendarEntryProposal } from '#plugins/content/services/index'
import { addDays } from './dates.js'

/**
 * The plugins whose faces step 4 (content for the coming week) uses when they
 * are enabled. Only `content` exists today: its calendar takes the proposals
 * (email and social posts included, as entry types). The `email` and `social`
 * plugins are not built yet; they are listed so that the step reports them
 * once they exist, and until then they are never enabled.
 */
export const CONTENT_PLUGINS = ['content', 'email', 'social'] as const

/** Which of the content plugins are enabled here (no database access). */
export async function contentPluginsEnabled(): Promise<string[]> {
  const enabled: string[] = []
  for (const name of CONTENT_PLUGINS) if (await isPluginEnabled(name)) enabled.push(name)
  return enabled
}

/** How many days of performance a proposal is grounded in. */
export const CONTENT_LOOKBACK_DAYS = 28
/** The most goals of the configuration a channel gets an entry for, each week. */
export const MAX_GOALS_PER_CHANNEL = 3

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** The calendar content type that fits a channel (the content plugin's types). */
export function contentTypeOf(channel: string): CalendarEntryProposal['content_type'] {
  const name = channel.toLowerCase()
  if (/e-?mail|newsletter/.test(name)) return 'email'
  if (/social|facebook|instagram|linkedin|twitter|^x$|tiktok|pinterest|threads|mastodon/.test(name))
    return 'social'
  if (/youtube|video/.test(name)) return 'video'
  if (/podcast/.test(name)) return 'podcast'
  if (/webinar/.test(name)) return 'webinar'
  if (/blog|seo|organic|content/.test(name)) return 'blog'
  if (/search|display|ads?$|ppc|sem|paid|programmatic|affiliate/.test(name)) return 'ad'
  return 'other'
}

/** One channel's performance over the look-back window, as a proposal cites it. */
export interface ChannelPerformance {
  channel: string
  clicks: number
  conversions: number
  cost: number
  revenue: number
  /** Conversions per weekday, Monday first. */
  weekday_conversions: number[]
  /** Clicks per weekday, Monday first. */
  weekday_clicks: number[]
}

/** What the step plans for the coming week (pure: tested without a database). */
export interface WeeklyContentPlan {
  week_start: string
  window: { from: string; to: string }
  proposals: Array<CalendarEntryProposal & { proposal_key: string }>
  /** Channels left out: spend and no conversion in the window (the budget step proposes pausing them). */
  skipped_channels: Array<{ channel: string; cost: number; conversions: number }>
}

const round = (value: number) => Math.round(value * 100) / 100

/** The Monday after `day` (a Monday gives the next one): the coming week starts there. */
export function comingWeekStart(day: string) {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(day, 7 - weekday)
}

/** A goal as a key part: lower case, letters and digits, dashes between. */
function slug(text: string) {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'goal'
  )
}

/**
 * Plans the coming week's content from the data the daily run has: one draft
 * entry per channel of an active campaign (the configuration's channels when
 * it names some) and per goal of the configuration, linked to the channel's
 * most recently changed active campaign, on the weekday that brought the
 * channel most conversions (then clicks) over the last 28 days, at 09:00 UTC,
 * ranked by conversions per unit of cost. Each proposal cites its numbers and
 * carries a key (`autopilot:<week>:<channel>:<goal>`) so that the week is
 * proposed once, whichever day's run comes first.
 */
export function planWeeklyContent(input: {
  runDate: string
  goals: string[]
  managedChannels: string[]
  active: ActiveChannel[]
  metrics: ChannelDay[]
  campaigns: Pick<CampaignRow, 'id' | 'name' | 'channel' | 'status' | 'primary_objective'>[]
  runId: string
}): WeeklyContentPlan {
  const weekStart = comingWeekStart(input.runDate)
  const window = {
    from: addDays(input.runDate, -CONTENT_LOOKBACK_DAYS),
    to: addDays(input.runDate, -1),
  }
  const managed = new Set(input.managedChannels.map((channel) => channel.toLowerCase()))
  const channels = input.active
    .map((item) => item.channel)
    .filter((channel) => channel !== 'unspecified')
    .filter((channel) => !managed.size || managed.has(channel.toLowerCase()))
  const performance = new Map<string, ChannelPerformance>()
  for (const channel of channels) {
    performance.set(channel, {
      channel,
      clicks: 0,
      conversions: 0,
      cost: 0,
      revenue: 0,
      weekday_conversions: Array(7).fill(0),
      weekday_clicks: Array(7).fill(0),
    })
  }
  for (const row of input.metrics) {
    const item = performance.get(row.channel)
    if (!item || row.day < window.from || row.day > window.to) continue
    const weekday = (new Date(`${row.day}T00:00:00Z`).getUTCDay() + 6) % 7
    item.clicks += row.clicks
    item.conversions += row.conversions
    item.cost += row.cost
    item.revenue += row.revenue
    item.weekday_conversions[weekday] += row.conversions
    item.weekday_clicks[weekday] += row.clicks
  }
  const skipped: WeeklyContentPlan['skipped_channels'] = []
  const kept: ChannelPerformance[] = []
  for (const item of performance.values()) {
    if (item.cost > 0 && item.conversions === 0) {
      skipped.push({ channel: item.channel, cost: round(item.cost), conversions: 0 })
    } else kept.push(item)
  }
  const efficiency = (item: ChannelPerformance) =>
    item.cost > 0 ? item.conversions / item.cost : item.conversions
  kept.sort((a, b) => efficiency(b) - efficiency(a) || a.channel.localeCompare(b.channel))

  const goals = input.goals.map((goal) => goal.trim()).filter(Boolean)
  const proposals: WeeklyContentPlan['proposals'] = []
  kept.forEach((item, rank) => {
    const campaign = input.campaigns.find(
      (row) => row.status === 'active' && (row.channel ?? '').trim() === item.channel
    )
    // Weekdays from the best to the worst (conversions, then clicks); without data, staggered by rank.
    const hasData = item.clicks > 0 || item.conversions > 0
    const days = hasData
      ? [0, 1, 2, 3, 4, 5, 6].sort(
          (a, b) =>
            item.weekday_conversions[b] - item.weekday_conversions[a] ||
            item.weekday_clicks[b] - item.weekday_clicks[a] ||
            a - b
        )
      : [0, 1, 2, 3, 4].map((day) => (day + rank) % 5).concat([5, 6])
    const channelGoals = (
      goals.length ? goals : [campaign?.primary_objective?.trim() || 'conversions']
    ).slice(0, MAX_GOALS_PER_CHANNEL)
    const cpa = item.conversions > 0 ? round(item.cost / item.conversions) : null
    channelGoals.forEach((goal, index) => {
      const weekday = days[index]
      const day = addDays(weekStart, weekday)
      const contentType = contentTypeOf(item.channel)
      const numbers =
        `in the ${CONTENT_LOOKBACK_DAYS} days to ${window.to}, ${item.channel} brought ` +
        `${round(item.conversions)} conversions from ${round(item.clicks)} clicks for ${round(item.cost)} spent` +
        `${cpa !== null ? ` (${cpa} per conversion)` : ''} and ${round(item.revenue)} revenue; ` +
        (hasData
          ? `${WEEKDAYS[weekday]} brought it ${round(item.weekday_conversions[weekday])} conversions and ${round(item.weekday_clicks[weekday])} clicks`
          : 'no numbers yet, so the day is staggered by rank')
      const key = `autopilot:${weekStart}:${item.channel}:${slug(goal)}`
      proposals.push({
        proposal_key: key,
        title: `${goal}: ${item.channel} ${contentType === 'other' ? 'content' : contentType} for ${campaign?.name ?? item.channel}`,
        description:
          `Proposed by the autopilot for the week of ${weekStart} (rank ${rank + 1} of ${kept.length} channels by conversions per cost): ` +
          `${numbers}. A draft: it is published only once someone approves and schedules it.`,
        content_type: contentType,
        platform: item.channel,
        scheduled_date: `${day}T09:00:00.000Z`,
        campaign_id: campaign?.id ?? null,
        content_data: {
          autopilot: {
            goal,
            channel: item.channel,
            rank: rank + 1,
            window,
            clicks: round(item.clicks),
            conversions: round(item.conversions),
            cost: round(item.cost),
            revenue: round(item.revenue),
            cost_per_conversion: cpa,
            weekday: WEEKDAYS[weekday],
            weekday_conversions: item.weekday_conversions.map(round),
          },
        },
        metadata: {
          source: 'autopilot',
          proposal_key: key,
          autopilot_run_id: input.runId,
          run_date: input.runDate,
          week_start: weekStart,
        },
      })
    })
  })
  return { week_start: weekStart, window, proposals, skipped_channels: skipped }
}

/** What step 4 did. */
export type ContentStepResult = {
  enabled: string[]
  proposed: number
  note: string
  dry_run?: boolean
  week_start?: string
  /** Proposals of the week found already in the calendar (an earlier run proposed them). */
  already_proposed?: number
  skipped_channels?: WeeklyContentPlan['skipped_channels']
  /** The entries created (or, in a dry run, that would be), for the activity log. */
  entries?: Array<{
    id: string | null
    proposal_key: string
    title: string
    channel: string
    scheduled_date: string
    campaign_id: string | null
    grounds: Record<string, unknown>
  }>
}

/**
 * Step 4 of the daily run: propose content for the coming week, in the current
 * tenant transaction, when the content plugin is enabled. The proposals are
 * draft calendar entries created through the content face's
 * `createCalendarEntries` (never published without someone's approval),
 * planned by `planWeeklyContent` from the active channels and campaigns and
 * their metrics. Entries whose key is already in the calendar are not created
 * again (a rerun, a double trigger or the next day's run). A dry run plans and
 * creates nothing. The content face is imported only when the plugin is
 * enabled: a disabled plugin's module (and tables) is never touched.
 */
export async function proposeWeeklyContent(input: {
  runDate: string
  runId: string
  goals: string[]
  managedChannels: string[]
  metrics: ChannelDay[]
  dryRun: boolean
}): Promise<ContentStepResult> {
  const enabled = await contentPluginsEnabled()
  if (!enabled.includes('content')) {
    return {
      enabled,
      proposed: 0,
      note: 'The content plugin is not enabled (the email and social plugins are not built yet)',
    }
  }
  const content = await import('#plugins/content/services/index')
  const weekStart = comingWeekStart(input.runDate)
  const plan = planWeeklyContent({
    ...input,
    active: await activeChannels(),
    campaigns: await campaignsForPlanning(
      new Date(`${weekStart}T00:00:00Z`),
      new Date(`${addDays(weekStart, 7)}T00:00:00Z`),
      100
    ),
  })
  const found = await content.calendarEntriesWithProposalKeys(
    plan.proposals.map((item) => item.proposal_key)
  )
  const existing = new Set(
    found.map((entry) => (entry.metadata as { proposal_key?: string }).proposal_key)
  )
  const fresh = plan.proposals.filter((item) => !existing.has(item.proposal_key))
  const created = input.dryRun
    ? []
    : await content.createCalendarEntries(fresh.map(({ proposal_key: _, ...entry }) => entry))
  const entries = fresh.map((item, index) => ({
    id: created[index]?.id ?? null,
    proposal_key: item.proposal_key,
    title: item.title,
    channel: item.platform!,
    scheduled_date: String(item.scheduled_date),
    campaign_id: item.campaign_id ?? null,
    grounds: (item.content_data as { autopilot: Record<string, unknown> }).autopilot,
  }))
  const verb = input.dryRun ? 'Dry run: would propose' : 'Proposed'
  return {
    enabled,
    proposed: created.length,
    dry_run: input.dryRun,
    week_start: plan.week_start,
    already_proposed: existing.size,
    skipped_channels: plan.skipped_channels,
    entries,
    note: `${verb} ${fresh.length} draft calendar entries for the week of ${plan.week_start}${existing.size ? ` (${existing.size} already proposed)` : ''}`,
  }
}
