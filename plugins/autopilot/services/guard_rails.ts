/** The largest daily move of a channel's budget the autopilot may make without approval (±20 %). */
export const MAX_DAILY_CHANGE = 0.2
/** Cents: budgets are proposed in whole cents, and checks allow this much rounding. */
export const BUDGET_TOLERANCE = 0.01

/** One channel as the guard rails see it. */
export interface RailChannel {
  channel: string
  /** The channel's daily budget now. */
  current: number
  /** What the allocator would like it to be. */
  target: number
  /** The pause rule fired (spend and no conversions). */
  pause: boolean
}

/** The guard rails' decision for one channel. */
export interface RailDecision {
  channel: string
  kind: 'budget_change' | 'pause_channel'
  current: number
  proposed: number
  /** True when applying needs a person's approval (a move over ±20 %, a pause, a start from zero, or the cap). */
  requires_approval: boolean
  /** Which rails changed the allocator's target. */
  bounded_by: string[]
}

/** Inputs of the guard rails for one day. */
export interface RailInput {
  monthly_budget: number
  spent_this_month: number
  /** Days left in the month, today included (≥ 1). */
  days_left: number
  channels: RailChannel[]
}

const cents = (value: number) => Math.floor(Math.max(0, value) * 100 + 1e-9) / 100

/** The most the channels may spend per day so the month never goes over `monthly_budget`. */
export function dailyCap(
  input: Pick<RailInput, 'monthly_budget' | 'spent_this_month' | 'days_left'>
) {
  return cents(
    Math.max(0, input.monthly_budget - input.spent_this_month) / Math.max(1, input.days_left)
  )
}

/** Whether moving `current` to `proposed` needs approval (more than ±20 %, or any start from zero). */
export function needsApproval(current: number, proposed: number) {
  if (current <= 0) return proposed > BUDGET_TOLERANCE
  return Math.abs(proposed - current) > MAX_DAILY_CHANGE * current + BUDGET_TOLERANCE
}

/**
 * Bounds the allocator's targets by the guard rails:
 * - the monthly budget: the day's total never exceeds what is left of the
 *   month divided by the days left, both if no pending proposal is approved
 *   and if all are (a pending pause keeps its current budget reserved, a
 *   pending start from zero its proposed one);
 * - ±20 % a day: targets are clamped to [0.8, 1.2] × the current budget, and
 *   the cap takes the increases back first, so that inside the cap every move
 *   stays within the rail and can be applied without approval;
 * - when the cap cannot be met within ±20 % (the month is nearly spent), all
 *   channels are scaled to the cap and every change needs approval;
 * - the pause rule: a pause is proposed and always needs approval.
 * Floors are the allocator's: a target is never below the channel's floor
 * unless the cap forces it. Channels whose budget would not move are left out.
 */
export function applyGuardRails(input: RailInput): {
  daily_cap: number
  decisions: RailDecision[]
} {
  const cap = dailyCap(input)
  const paused = input.channels.filter((item) => item.pause && item.current > 0)
  const others = input.channels.filter((item) => !(item.pause && item.current > 0))
  const reserved = paused.reduce((sum, item) => sum + item.current, 0)
  const room = Math.max(0, cap - reserved)
  const rows = others.map((item) => {
    const bounded: string[] = []
    let railed = Math.max(0, item.target)
    let lower = railed
    if (item.current > 0) {
      const low = (1 - MAX_DAILY_CHANGE) * item.current
      const high = (1 + MAX_DAILY_CHANGE) * item.current
      if (railed > high) bounded.push('max_daily_increase')
      if (railed < low) bounded.push('max_daily_decrease')
      railed = Math.min(high, Math.max(low, railed))
      lower = Math.min(low, railed)
    }
    return { item, railed, lower, bounded }
  })
  const total = rows.reduce((sum, row) => sum + row.railed, 0)
  const lowerTotal = rows.reduce((sum, row) => sum + row.lower, 0)
  let infeasible = false
  if (total > room) {
    if (lowerTotal <= room) {
      const share = (room - lowerTotal) / Math.max(1e-12, total - lowerTotal)
      for (const row of rows) {
        const next = row.lower + share * (row.railed - row.lower)
        if (next < row.railed - BUDGET_TOLERANCE) row.bounded.push('monthly_budget')
        row.railed = next
      }
    } else {
      infeasible = true
      for (const row of rows) {
        row.railed = total > 0 ? (row.railed * room) / total : 0
        row.bounded.push('monthly_budget')
      }
    }
  }
  const decisions: RailDecision[] = []
  for (const item of paused) {
    decisions.push({
      channel: item.channel,
      kind: 'pause_channel',
      current: item.current,
      proposed: 0,
      requires_approval: true,
      bounded_by: ['pause_rule'],
    })
  }
  for (const row of rows) {
    const proposed = cents(row.railed)
    if (Math.abs(proposed - row.item.current) < BUDGET_TOLERANCE) continue
    decisions.push({
      channel: row.item.channel,
      kind: 'budget_change',
      current: row.item.current,
      proposed,
      requires_approval: infeasible || needsApproval(row.item.current, proposed),
      bounded_by: row.bounded,
    })
  }
  return { daily_cap: cap, decisions }
}
