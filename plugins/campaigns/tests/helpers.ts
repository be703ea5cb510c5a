import type { ApiClient } from '@japa/api-client'
import type { TestAccount } from '#tests/helpers/accounts'

/** Creates a campaign through the API and returns its body (throws on failure). */
export async function createCampaign(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown> = {}
) {
  const response = await client
    .post('/v1/campaigns')
    .bearerToken(account.token)
    .json({ name: `Campaign ${Math.random().toString(36).slice(2, 8)}`, ...body })
  if (response.status() !== 201) {
    throw new Error(`campaign creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as Record<string, any> & { id: string }
}

/** The YYYY-MM-DD day `offset` days from today (UTC). */
export function dayFromToday(offset: number) {
  const date = new Date()
  date.setUTCDate(date.getUTCDate() + offset)
  return date.toISOString().slice(0, 10)
}

/** Metric rows for the given days: `values[type][i]` is the value on `days[i]`. */
export function metricRows(days: string[], values: Record<string, number[]>) {
  return Object.entries(values).flatMap(([metric_type, series]) =>
    series.map((metric_value, index) => ({ metric_type, metric_value, metric_date: days[index] }))
  )
}
