import type { ActiveChannel, ChannelDay } from '#plugins/campaigns/services/index'
import {
  allocateBudget,
  expectedConversions,
  fitChannelModels,
  type ChannelDayObservation,
} from './budget_allocator.js'
import { applyGuardRails, type RailDecision } from './guard_rails.js'
import { addDays, daysBetween, daysLeftInMonth, monthStart } from './dates.js'
import { seededRandom, type Random } from './random.js'

/** Days of history the allocator learns from. */
export const LOOKBACK_DAYS = 28
/** Days the pause rule looks at. */
export const PAUSE_WINDOW_DAYS = 14
/** Share of the daily cap every managed channel keeps at least (so no channel starves). */
export const MIN_CHANNEL_SHARE = 0.05

/** A guard-railed decision with the numbers behind it. */
export interface PlannedDecision extends RailDecision {
  rationale: {
    allocator_target: number
    expected_conversions_before: number
    expected_conversions_after: number
    sampled_conversion_rate: number | null
    posterior_mean_conversion_rate: number
    elasticity: number
    value_per_conversion: number
    spend_last_14_days: number
    conversions_last_14_days: number
  }
}

/** The day's budget plan of one workspace. */
export interface BudgetPlan {
  daily_cap: number
  spent_this_month: number
  days_left: number
  decisions: PlannedDecision[]
}

/** The first day the budget step reads (the look-back window or the month start, whichever is earlier). */
export function metricsWindowStart(runDate: string) {
  const lookback = addDays(runDate, -LOOKBACK_DAYS)
  const month = monthStart(runDate)
  return month < lookback ? month : lookback
}

/**
 * Plans the day's budgets from the channels' history (pure: the daily run and
 * the bench's market simulator both call it). Current budgets are the
 * campaigns' `daily_budget`, or the last 7 days' average spend. The pause rule:
 * a channel that spent at least twice the workspace's cost per conversion (and
 * at least 1 % of the monthly budget) in 14 days without one conversion.
 */
export function planBudget(input: {
  runDate: string
  monthlyBudget: number
  /** The channels the autopilot manages (empty: every channel with active campaigns). */
  managedChannels: string[]
  active: ActiveChannel[]
  metrics: ChannelDay[]
  random?: Random
  seed?: number
}): BudgetPlan {
  const { runDate } = input
  const random = input.random ?? seededRandom(input.seed ?? 1)
  const managed = new Set(input.managedChannels)
  const active = input.active.filter((item) => !managed.size || managed.has(item.channel))
  const month = monthStart(runDate)
  const spentThisMonth = input.metrics
    .filter((row) => row.day >= month && row.day < runDate)
    .reduce((sum, row) => sum + row.cost, 0)
  const daysLeft = daysLeftInMonth(runDate)
  const histories = active.map((item) => ({
    channel: item.channel,
    days: input.metrics
      .filter((row) => row.channel === item.channel)
      .map((row) => ({ row, age: daysBetween(row.day, runDate) }))
      .filter(({ age }) => age >= 1 && age <= LOOKBACK_DAYS)
      .map(({ row, age }): ChannelDayObservation => ({
        age,
        spend: row.cost,
        clicks: row.clicks,
        conversions: row.conversions,
        revenue: row.revenue,
      })),
  }))
  const sumOf = (days: ChannelDayObservation[], key: keyof ChannelDayObservation, maxAge: number) =>
    days.filter((day) => day.age <= maxAge).reduce((sum, day) => sum + day[key], 0)
  const totalCost = histories.reduce((sum, h) => sum + sumOf(h.days, 'spend', LOOKBACK_DAYS), 0)
  const totalConversions = histories.reduce(
    (sum, h) => sum + sumOf(h.days, 'conversions', LOOKBACK_DAYS),
    0
  )
  const pooledCpa = totalConversions > 0 ? totalCost / totalConversions : null
  const models = fitChannelModels(histories)
  const rows = histories.map((history, index) => {
    const item = active[index]
    const spend14 = sumOf(history.days, 'spend', PAUSE_WINDOW_DAYS)
    const conversions14 = sumOf(history.days, 'conversions', PAUSE_WINDOW_DAYS)
    const current =
      item.daily_budget !== null && item.daily_budget !== undefined
        ? Number(item.daily_budget)
        : Math.round((sumOf(history.days, 'spend', 7) / 7) * 100) / 100
    const pause =
      pooledCpa !== null &&
      conversions14 === 0 &&
      spend14 >= Math.max(2 * pooledCpa, 0.01 * input.monthlyBudget) &&
      spend14 > 0
    return { item, model: models[index], spend14, conversions14, current, pause }
  })
  const cap = Math.max(0, input.monthlyBudget - spentThisMonth) / Math.max(1, daysLeft)
  const running = rows.filter((row) => !row.pause)
  const floors = Object.fromEntries(
    running.map((row) => [row.item.channel, MIN_CHANNEL_SHARE * cap])
  )
  const allocation = allocateBudget(
    running.map((row) => row.model),
    cap,
    floors,
    random,
    Object.fromEntries(running.map((row) => [row.item.channel, row.current]))
  )
  const railed = applyGuardRails({
    monthly_budget: input.monthlyBudget,
    spent_this_month: spentThisMonth,
    days_left: daysLeft,
    channels: rows.map((row) => ({
      channel: row.item.channel,
      current: row.current,
      target: row.pause ? 0 : (allocation.targets[row.item.channel] ?? 0),
      pause: row.pause,
    })),
  })
  const byChannel = new Map(rows.map((row) => [row.item.channel, row]))
  const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits
  const decisions = railed.decisions.map((decision): PlannedDecision => {
    const row = byChannel.get(decision.channel)!
    return {
      ...decision,
      rationale: {
        allocator_target: round(allocation.targets[decision.channel] ?? 0, 2),
        expected_conversions_before: round(expectedConversions(row.model, decision.current), 2),
        expected_conversions_after: round(expectedConversions(row.model, decision.proposed), 2),
        sampled_conversion_rate:
          allocation.sampled_rates[decision.channel] === undefined
            ? null
            : round(allocation.sampled_rates[decision.channel], 5),
        posterior_mean_conversion_rate: round(
          row.model.alpha / (row.model.alpha + row.model.beta),
          5
        ),
        elasticity: round(row.model.elasticity),
        value_per_conversion: round(row.model.value_per_conversion, 2),
        spend_last_14_days: round(row.spend14, 2),
        conversions_last_14_days: row.conversions14,
      },
    }
  })
  return {
    daily_cap: railed.daily_cap,
    spent_this_month: Math.round(spentThisMonth * 100) / 100,
    days_left: daysLeft,
    decisions,
  }
}
