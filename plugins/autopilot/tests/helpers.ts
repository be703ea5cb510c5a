import type { ApiClient } from '@japa/api-client'
import type { TestAccount } from '#tests/helpers/accounts'
import { serviceRows } from '#tests/helpers/service_rows'

/** The YYYY-MM-DD day `offset` days from today (UTC). */
export function dayFromToday(offset: number) {
  const date = new Date()
  date.setUTCDate(date.getUTCDate() + offset)
  return date.toISOString().slice(0, 10)
}

/** Sends a request and fails with its body unless the status is the expected one. */
export async function expectStatus<T = any>(request: PromiseLike<any>, status: number): Promise<T> {
  const response = await request
  if (response.status() !== status) {
    throw new Error(`expected ${status}, got ${response.status()}: ${response.text()}`)
  }
  return response.body() as T
}

/** One channel of the test market: its daily numbers over the last 28 days. */
interface ChannelSetup {
  channel: string
  autoManaged: boolean
  dailyBudget: number
  clicks: number
  conversions: number
  cost: number
}

/** The test market: search converts well, social less, display spends without converting. */
export const MARKET: ChannelSetup[] = [
  {
    channel: 'search',
    autoManaged: true,
    dailyBudget: 100,
    clicks: 200,
    conversions: 12,
    cost: 100,
  },
  {
    channel: 'social',
    autoManaged: true,
    dailyBudget: 100,
    clicks: 150,
    conversions: 3,
    cost: 100,
  },
  {
    channel: 'display',
    autoManaged: false,
    dailyBudget: 100,
    clicks: 80,
    conversions: 0,
    cost: 100,
  },
]

/**
 * A workspace with an autopilot on demo-like data: three active campaigns (one
 * per channel of MARKET) with 28 days of metrics, a scoring rule, three leads
 * and the configuration. Returns the campaigns by channel and the lead ids.
 */
export async function setUpWorkspace(
  client: ApiClient,
  account: TestAccount,
  config: Record<string, unknown> = {}
) {
  const campaigns: Record<string, string> = {}
  for (const setup of MARKET) {
    const campaign = await expectStatus(
      client
        .post('/v1/campaigns')
        .bearerToken(account.token)
        .json({
          name: `${setup.channel} always-on`,
          status: 'active',
          channel: setup.channel,
          auto_managed: setup.autoManaged,
          total_budget: 100_000,
          settings: { daily_budget: setup.dailyBudget },
        }),
      201
    )
    campaigns[setup.channel] = campaign.id
    const metrics = []
    for (let age = 1; age <= 28; age++) {
      const day = dayFromToday(-age)
      // A little day-to-day variation in spend, as real campaigns have.
      const wobble = 1 + ((age % 5) - 2) * 0.05
      metrics.push(
        { metric_type: 'impressions', metric_value: setup.clicks * 40, metric_date: day },
        {
          metric_type: 'clicks',
          metric_value: Math.round(setup.clicks * wobble),
          metric_date: day,
        },
        { metric_type: 'conversions', metric_value: setup.conversions, metric_date: day },
        { metric_type: 'cost', metric_value: setup.cost * wobble, metric_date: day },
        { metric_type: 'revenue', metric_value: setup.conversions * 50, metric_date: day }
      )
    }
    await expectStatus(
      client
        .post(`/v1/campaigns/${campaign.id}/metrics`)
        .bearerToken(account.token)
        .json({ metrics }),
      200
    )
  }
  await expectStatus(
    client
      .post('/v1/leads/scoring-rules')
      .bearerToken(account.token)
      .json({
        rule_name: 'Decision maker',
        category: 'fit',
        score_weight: 80,
        conditions: { all: [{ field: 'job_title', op: 'contains', value: 'director' }] },
      }),
    201
  )
  const leads: string[] = []
  for (const [first, title] of [
    ['Ada', 'Marketing Director'],
    ['Alan', 'Analyst'],
    ['Grace', 'Student'],
  ]) {
    const lead = await expectStatus(
      client
        .post('/v1/leads')
        .bearerToken(account.token)
        .json({
          first_name: first,
          last_name: 'Tester',
          email: `${first.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`,
          job_title: title,
          company: 'Northwind',
          source: 'website',
        }),
      201
    )
    leads.push(lead.id)
  }
  const saved = await expectStatus(
    client
      .put('/v1/autopilot/config')
      .bearerToken(account.token)
      .json({
        business_description: 'Analytics software for retailers',
        monthly_budget: 12_400,
        goals: ['More demo requests'],
        ...config,
      }),
    201
  )
  return { campaigns, leads, config: saved }
}

/** The identity a job of this account's personal workspace runs as. */
export function jobIdentity(account: TestAccount) {
  return { userId: account.id, workspaceId: account.personalWorkspaceId, via: 'job' as const }
}

/** Webhook events of a type in a workspace (the outbox), oldest first. */
export function outboxEvents(workspaceId: string, type: string) {
  return serviceRows(
    'select payload from webhook_events where workspace_id = ?::uuid and event_type = ? order by created_at',
    [workspaceId, type]
  )
}
