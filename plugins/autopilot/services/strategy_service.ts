import { aiGateway, rawQuery, tenant, withTenant, type TenantIdentity } from '#sdk'
import { channelDailyMetrics } from '#plugins/campaigns/services/index'
import { configResource, type ConfigRow } from './config_resource.js'
import { MIN_CHANNEL_SHARE } from './budget_plan.js'
import { addDays, utcToday } from './dates.js'

/** Days of channel history the strategy is grounded in. */
const STRATEGY_DAYS = 28

/** One channel's line in the strategy: its record and the share of budget it earns. */
interface ChannelPlan {
  channel: string
  spend: number
  conversions: number
  revenue: number
  cost_per_conversion: number | null
  suggested_share: number
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * The data part of the strategy: each channel's last 28 days and a budget
 * share in proportion to conversions per unit of spend (every channel keeps
 * 5 %), the daily pacing of the monthly budget, and the facts the AI gateway
 * writes the narrative from.
 */
export function strategyFacts(
  config: ConfigRow,
  rows: Awaited<ReturnType<typeof channelDailyMetrics>>
) {
  const channels = new Map<string, ChannelPlan>()
  for (const row of rows) {
    const plan = channels.get(row.channel) ?? {
      channel: row.channel,
      spend: 0,
      conversions: 0,
      revenue: 0,
      cost_per_conversion: null,
      suggested_share: 0,
    }
    plan.spend += row.cost
    plan.conversions += row.conversions
    plan.revenue += row.revenue
    channels.set(row.channel, plan)
  }
  for (const name of config.channels ?? []) {
    if (!channels.has(name)) {
      channels.set(name, {
        channel: name,
        spend: 0,
        conversions: 0,
        revenue: 0,
        cost_per_conversion: null,
        suggested_share: 0,
      })
    }
  }
  const plans = [...channels.values()]
  const efficiency = plans.map((plan) => (plan.spend > 0 ? plan.conversions / plan.spend : 0))
  const totalEfficiency = efficiency.reduce((sum, value) => sum + value, 0)
  const free = Math.max(0, 1 - MIN_CHANNEL_SHARE * plans.length)
  plans.forEach((plan, index) => {
    plan.spend = round(plan.spend)
    plan.revenue = round(plan.revenue)
    plan.cost_per_conversion = plan.conversions > 0 ? round(plan.spend / plan.conversions) : null
    plan.suggested_share = round(
      totalEfficiency > 0
        ? MIN_CHANNEL_SHARE + (free * efficiency[index]) / totalEfficiency
        : 1 / Math.max(1, plans.length),
      4
    )
  })
  plans.sort((a, b) => b.suggested_share - a.suggested_share)
  const budget = Number(config.monthly_budget)
  const facts = [
    `The business: ${config.business_description}.`,
    `The monthly budget is ${budget}, about ${round(budget / 30.4)} a day.`,
    ...(config.goals ?? []).map((goal) => `A goal of the business is: ${goal}.`),
    ...plans.map((plan) =>
      plan.spend > 0
        ? `Channel ${plan.channel} spent ${plan.spend} for ${plan.conversions} conversions in ${STRATEGY_DAYS} days` +
          `${plan.cost_per_conversion !== null ? ` (${plan.cost_per_conversion} per conversion)` : ' without a conversion'}; suggested share of budget ${round(plan.suggested_share * 100, 1)} %.`
        : `Channel ${plan.channel} has no recorded spend yet; it starts at a suggested share of ${round(plan.suggested_share * 100, 1)} % to be measured.`
    ),
  ]
  return {
    pacing: { monthly_budget: budget, daily_budget: round(budget / 30.4) },
    channels: plans,
    facts,
  }
}

/**
 * Generates the configuration's `ai_strategy`: reads the config and the
 * channels' record in one short transaction, then writes the narrative
 * through the AI gateway (purpose `autopilot.strategy`; the local provider
 * answers from the facts alone) and stores it in a second transaction, unless
 * the configuration changed meanwhile (a newer job will write it).
 */
export async function generateStrategy(
  identity: TenantIdentity & { userId: string; workspaceId: string }
) {
  const read = await withTenant(identity, async () => {
    const config = await configResource.query().first()
    if (!config) return null
    const today = utcToday()
    const rows = await channelDailyMetrics(addDays(today, -STRATEGY_DAYS), addDays(today, -1))
    return { config, plan: strategyFacts(config, rows) }
  })
  if (!read) return null
  return withTenant(identity, async () => {
    const answer = await aiGateway.generateText({
      purpose: 'autopilot.strategy',
      system:
        'You are a marketing strategist. Using only the facts given, say which channels to prioritise, how to pace the budget, and how the goals will be measured.',
      messages: [
        {
          role: 'user',
          content: `Marketing strategy for this business and budget: which channels, how much, toward which goals? ${read.config.business_description}`,
        },
      ],
      context: read.plan.facts,
      maxOutputTokens: 600,
    })
    const strategy = {
      generated_at: new Date().toISOString(),
      provider: answer.provider,
      model: answer.model,
      narrative: answer.text.trim(),
      pacing: read.plan.pacing,
      channels: read.plan.channels,
      goals: read.config.goals ?? [],
      facts: read.plan.facts,
    }
    // A remote answer renews the transaction: write through the current one.
    const updated = await rawQuery(
      tenant().trx,
      `update marketing_autopilot_config set ai_strategy = ?::jsonb
        where id = ?::uuid and date_trunc('milliseconds', updated_at) = date_trunc('milliseconds', ?::timestamptz)`,
      [JSON.stringify(strategy), read.config.id, new Date(read.config.updated_at).toISOString()]
    )
    return updated.rowCount ? strategy : null
  })
}
