import { test } from '@japa/runner'
import {
  applyGuardRails,
  BUDGET_TOLERANCE,
  dailyCap,
  MAX_DAILY_CHANGE,
  type RailInput,
} from '../services/guard_rails.js'
import { planBudget } from '../services/budget_plan.js'
import { seededRandom, type Random } from '../services/random.js'
import { addDays } from '../services/dates.js'

/** A random guard-rail input: budgets, month progress, current budgets, targets, pauses. */
function randomInput(random: Random): RailInput {
  const channels = 1 + Math.floor(random() * 6)
  const monthly = random() < 0.1 ? 0 : Math.round(random() * 100_000 * 100) / 100
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)]
  return {
    monthly_budget: monthly,
    spent_this_month: Math.round(monthly * random() * 1.3 * 100) / 100,
    days_left: 1 + Math.floor(random() * 31),
    channels: Array.from({ length: channels }, (_unused, index) => ({
      channel: `c${index}`,
      current: pick([0, 0.5, 10, 100, 1000, Math.round(random() * 5000 * 100) / 100]),
      target: pick([0, 1, 50, Math.round(random() * 8000 * 100) / 100]),
      pause: random() < 0.1,
    })),
  }
}

test.group('Autopilot: guard rails', () => {
  test('10,000 random budgets, spends and targets: never over the month, never more than ±20 % without approval', ({
    assert,
  }) => {
    const random = seededRandom(20260607)
    let autoApplied = 0
    let needingApproval = 0
    for (let round = 0; round < 10_000; round++) {
      const input = randomInput(random)
      const cap = dailyCap(input)
      const { daily_cap: reported, decisions } = applyGuardRails(input)
      assert.equal(reported, cap)
      const current = new Map(input.channels.map((item) => [item.channel, item.current]))
      const decided = new Map(decisions.map((item) => [item.channel, item]))
      // The day's total if every proposal is approved, and if none is (auto-applied ones only).
      let allApproved = 0
      let noneApproved = 0
      for (const item of input.channels) {
        const decision = decided.get(item.channel)
        const proposed = decision ? decision.proposed : item.current
        allApproved += proposed
        noneApproved += decision && !decision.requires_approval ? decision.proposed : item.current
        if (decision && !decision.requires_approval) {
          autoApplied++
          const before = current.get(item.channel)!
          assert.isAtMost(
            Math.abs(decision.proposed - before),
            MAX_DAILY_CHANGE * before + BUDGET_TOLERANCE,
            `round ${round}: ${item.channel} moved beyond ±20 % without approval`
          )
          assert.isAbove(before, 0, 'a start from zero is never applied without approval')
        } else if (decision) needingApproval++
      }
      const slack = BUDGET_TOLERANCE * input.channels.length
      // If every proposal is approved, the day stays within what is left of the month.
      assert.isAtMost(allApproved, cap + slack, `round ${round}: over the monthly budget`)
      // Whenever the autopilot acts on its own, the month stays within its budget too.
      if (decisions.some((item) => !item.requires_approval)) {
        assert.isAtMost(noneApproved, cap + slack, `round ${round}: auto-applied over the budget`)
      }
      for (const decision of decisions) {
        assert.isAtLeast(decision.proposed, 0)
        if (decision.kind === 'pause_channel') {
          assert.equal(decision.proposed, 0)
          assert.isTrue(decision.requires_approval)
        }
      }
    }
    // The test exercises both outcomes, so it could fail either way.
    assert.isAbove(autoApplied, 1000)
    assert.isAbove(needingApproval, 1000)
  })

  test('a channel over the rail is clamped to +20 % and applied; a cut beyond the cap needs approval', ({
    assert,
  }) => {
    const moved = applyGuardRails({
      monthly_budget: 31_000,
      spent_this_month: 0,
      days_left: 31,
      channels: [
        { channel: 'search', current: 100, target: 400, pause: false },
        { channel: 'social', current: 100, target: 40, pause: false },
      ],
    })
    assert.equal(moved.daily_cap, 1000)
    assert.deepEqual(
      moved.decisions.map((item) => [item.channel, item.proposed, item.requires_approval]),
      [
        ['search', 120, false],
        ['social', 80, false],
      ]
    )
    assert.deepEqual(moved.decisions[0].bounded_by, ['max_daily_increase'])
    // 310 left for 31 days is 10 a day: cutting 200 to 10 is beyond the rail.
    const capped = applyGuardRails({
      monthly_budget: 31_000,
      spent_this_month: 30_690,
      days_left: 31,
      channels: [
        { channel: 'search', current: 100, target: 100, pause: false },
        { channel: 'social', current: 100, target: 100, pause: false },
      ],
    })
    assert.equal(capped.daily_cap, 10)
    assert.isTrue(capped.decisions.every((item) => item.requires_approval))
    assert.closeTo(
      capped.decisions.reduce((sum, item) => sum + item.proposed, 0),
      10,
      0.02
    )
  })

  test('the planner pauses a channel that spends without converting and favours the efficient one', ({
    assert,
  }) => {
    const runDate = '2026-03-15'
    const metrics = []
    for (let age = 1; age <= 28; age++) {
      const day = addDays(runDate, -age)
      metrics.push({
        channel: 'search',
        day,
        impressions: 5000,
        clicks: 200 + age,
        conversions: 12,
        cost: 100,
        revenue: 0,
      })
      metrics.push({
        channel: 'display',
        day,
        impressions: 9000,
        clicks: 150,
        conversions: 2,
        cost: 100,
        revenue: 0,
      })
      metrics.push({
        channel: 'radio',
        day,
        impressions: 1000,
        clicks: 40,
        conversions: 0,
        cost: 100,
        revenue: 0,
      })
    }
    const plan = planBudget({
      runDate,
      monthlyBudget: 9300,
      managedChannels: [],
      active: ['search', 'display', 'radio'].map((channel) => ({
        channel,
        campaigns: 1,
        auto_managed_campaigns: 1,
        daily_budget: 100,
      })),
      metrics,
      seed: 7,
    })
    const byChannel = Object.fromEntries(plan.decisions.map((item) => [item.channel, item]))
    assert.equal(byChannel.radio.kind, 'pause_channel')
    assert.isTrue(byChannel.radio.requires_approval)
    assert.isAbove(byChannel.search.proposed, 100)
    assert.isBelow(byChannel.display.proposed, 100)
    assert.isFalse(byChannel.search.requires_approval)
    assert.isAbove(
      byChannel.search.rationale.expected_conversions_after,
      byChannel.search.rationale.expected_conversions_before
    )
  })
})
