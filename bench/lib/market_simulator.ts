/*
| A seeded market for the autopilot bench (scenario i): channels whose clicks
| saturate with spend, each with its own curve and conversion rate, and one
| change point halfway (one channel's conversion rate halves, another's
| doubles). Three strategies spend the same money each day: the autopilot's
| planner (Thompson-sampling allocator under the guard rails, every proposal
| approved), an equal split, and all of it on last week's best channel.
*/
import { planBudget } from '../../plugins/autopilot/services/budget_plan.ts'
import type { ActiveChannel, ChannelDay } from '#plugins/campaigns/services/index'

/** One simulated channel: clicks = maxClicks · (1 − e^(−spend / halfSpend·ln2)), then Binomial(clicks, rate). */
export interface SimChannel {
  name: string
  maxClicks: number
  /** Spend at which the channel reaches half of its maximum clicks. */
  halfSpend: number
  rate: number
  /** Conversion rate after the change point. */
  rateAfter: number
}

/**
 * The bench's market: five channels with different saturation and conversion
 * rates (e-mail saturates fast, social and video slowly, video converts
 * poorly); at the change point social becomes good and display poor.
 */
export const MARKET: SimChannel[] = [
  { name: 'search', maxClicks: 1200, halfSpend: 500, rate: 0.05, rateAfter: 0.05 },
  { name: 'social', maxClicks: 2000, halfSpend: 800, rate: 0.004, rateAfter: 0.025 },
  { name: 'display', maxClicks: 1500, halfSpend: 300, rate: 0.03, rateAfter: 0.006 },
  { name: 'email', maxClicks: 300, halfSpend: 50, rate: 0.08, rateAfter: 0.08 },
  { name: 'video', maxClicks: 4000, halfSpend: 2000, rate: 0.004, rateAfter: 0.004 },
]

/** A small seeded generator (mulberry32). */
function generator(seed: number) {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A Poisson draw (Knuth for small means, normal approximation above 60). */
function poisson(mean: number, random: () => number) {
  if (mean <= 0) return 0
  if (mean > 60) {
    const u = Math.max(random(), 1e-12)
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z))
  }
  const limit = Math.exp(-mean)
  let k = 0
  let p = 1
  do {
    k++
    p *= random()
  } while (p > limit)
  return k - 1
}

/** What one channel yields on one day for `spend` (clicks and conversions, with noise). */
function outcome(
  channel: SimChannel,
  spend: number,
  day: number,
  days: number,
  random: () => number
) {
  const rate = day < days / 2 ? channel.rate : channel.rateAfter
  const expectedClicks = channel.maxClicks * (1 - Math.exp((-spend * Math.LN2) / channel.halfSpend))
  const clicks = poisson(expectedClicks, random)
  const conversions = poisson(clicks * rate, random)
  return { clicks, conversions }
}

const isoDay = (start: string, offset: number) => {
  const date = new Date(`${start}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + offset)
  return date.toISOString().slice(0, 10)
}

/** Result of one simulation. */
export interface SimulationResult {
  conversions: { autopilot: number; equal_split: number; last_week_best: number }
  spend: number
  days: number
}

/**
 * Runs the three strategies over `days` days from `start` with the same daily
 * money: each day the autopilot plans from its own history and its proposals
 * are applied (auto-applied within ±20 %, the rest approved); the two
 * baselines spend what the autopilot spent that day.
 */
export function simulateMarket(options: {
  seed: number
  days: number
  start: string
  monthlyBudget: number
}): SimulationResult {
  const random = generator(options.seed)
  const channels = MARKET
  const history: ChannelDay[] = []
  const initialCap = options.monthlyBudget / 31
  const budgets = new Map(channels.map((c) => [c.name, initialCap / channels.length]))
  const baselineHistory = new Map(
    channels.map((c) => [c.name, [] as Array<{ spend: number; conversions: number }>])
  )
  let bestChannel: string | null = null
  const totals = { autopilot: 0, equal_split: 0, last_week_best: 0 }
  let spend = 0
  for (let day = 0; day < options.days; day++) {
    const runDate = isoDay(options.start, day)
    if (day > 0) {
      const active: ActiveChannel[] = channels.map((c) => ({
        channel: c.name,
        campaigns: 1,
        auto_managed_campaigns: 1,
        daily_budget: budgets.get(c.name)!,
      }))
      const plan = planBudget({
        runDate,
        monthlyBudget: options.monthlyBudget,
        managedChannels: [],
        active,
        metrics: history.filter((row) => row.day >= isoDay(runDate, -40)),
        seed: options.seed * 1000 + day,
      })
      for (const decision of plan.decisions) budgets.set(decision.channel, decision.proposed)
    }
    const daySpend = [...budgets.values()].reduce((sum, value) => sum + value, 0)
    spend += daySpend
    for (const channel of channels) {
      const value = budgets.get(channel.name)!
      const result = outcome(channel, value, day, options.days, random)
      totals.autopilot += result.conversions
      history.push({
        channel: channel.name,
        day: runDate,
        impressions: result.clicks * 30,
        clicks: result.clicks,
        conversions: result.conversions,
        cost: value,
        revenue: 0,
      })
      totals.equal_split += outcome(
        channel,
        daySpend / channels.length,
        day,
        options.days,
        random
      ).conversions
    }
    // Last week's best: equal split in the first week, then every Monday all of the
    // money goes to the channel with the most conversions per unit of spend in the
    // previous seven days (channels not funded keep their last measured efficiency).
    if (day % 7 === 0 && day > 0) {
      let best: { name: string; efficiency: number } | null = null
      for (const channel of channels) {
        const days = baselineHistory
          .get(channel.name)!
          .slice(-7)
          .filter((row) => row.spend > 0)
        const spent = days.reduce((sum, row) => sum + row.spend, 0)
        const converted = days.reduce((sum, row) => sum + row.conversions, 0)
        const efficiency = spent > 0 ? converted / spent : -1
        if (efficiency >= 0 && (!best || efficiency > best.efficiency))
          best = { name: channel.name, efficiency }
      }
      if (best) bestChannel = best.name
    }
    for (const channel of channels) {
      const share = bestChannel
        ? channel.name === bestChannel
          ? daySpend
          : 0
        : daySpend / channels.length
      const result = outcome(channel, share, day, options.days, random)
      totals.last_week_best += result.conversions
      baselineHistory.get(channel.name)!.push({ spend: share, conversions: result.conversions })
    }
  }
  return { conversions: totals, spend: Math.round(spend), days: options.days }
}
