import type { ApiClient } from '@japa/api-client'
import type { TestAccount } from '#tests/helpers/accounts'

/** POSTs a JSON body as the account and returns the body, failing loudly on another status. */
export async function post(
  client: ApiClient,
  account: TestAccount,
  path: string,
  body: Record<string, unknown>,
  status = 201
) {
  const response = await client.post(path).bearerToken(account.token).json(body)
  if (response.status() !== status) {
    throw new Error(`POST ${path}: ${response.status()} ${response.text()}`)
  }
  return response.body()
}

/** The YYYY-MM-DD day `offset` days from today (UTC). */
export function dayFromToday(offset: number) {
  const date = new Date()
  date.setUTCDate(date.getUTCDate() + offset)
  return date.toISOString().slice(0, 10)
}

/**
 * Seeds real data in the account's workspace through the other plugins' HTTP
 * routes: campaigns on two channels with daily metrics, and leads with statuses.
 */
export async function seedPerformance(client: ApiClient, account: TestAccount) {
  const email = await post(client, account, '/v1/campaigns', {
    name: `Email ${Math.random()}`,
    channel: 'email',
  })
  const social = await post(client, account, '/v1/campaigns', {
    name: `Social ${Math.random()}`,
    channel: 'social_media',
  })
  const day = dayFromToday(-1)
  const rows = (values: Record<string, number>) =>
    Object.entries(values).map(([metric_type, metric_value]) => ({
      metric_type,
      metric_value,
      metric_date: day,
    }))
  await post(
    client,
    account,
    `/v1/campaigns/${email.id}/metrics`,
    {
      metrics: rows({ impressions: 1000, clicks: 100, conversions: 20, cost: 200, revenue: 1000 }),
    },
    200
  )
  await post(
    client,
    account,
    `/v1/campaigns/${social.id}/metrics`,
    { metrics: rows({ impressions: 4000, clicks: 100, conversions: 2, cost: 300, revenue: 100 }) },
    200
  )
  const statuses = ['new', 'new', 'contacted', 'qualified', 'converted']
  for (const [index, status] of statuses.entries()) {
    await post(client, account, '/v1/leads', {
      email: `lead${index}-${Math.random()}@example.com`,
      source: 'website',
      status,
      industry: 'Retail',
      job_title: 'Marketing manager',
    })
  }
  return { email, social }
}
