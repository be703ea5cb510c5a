import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createCampaign, metricRows } from './helpers.js'

/** `count` consecutive days starting at `start`. */
function days(start: string, count: number) {
  return Array.from({ length: count }, (_unused, index) => {
    const date = new Date(`${start}T00:00:00Z`)
    date.setUTCDate(date.getUTCDate() + index)
    return date.toISOString().slice(0, 10)
  })
}

test.group('Campaigns: metrics ingestion and summary', () => {
  test('ingests thousands of rows in one request, idempotently per type and day', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'metrics')
    const campaign = await createCampaign(client, account)
    const range = days('2025-01-01', 1000)
    const rows = metricRows(range, {
      impressions: range.map((_day, index) => 1000 + index),
      clicks: range.map((_day, index) => 10 + (index % 7)),
      conversions: range.map((_day, index) => index % 3),
    })
    assert.lengthOf(rows, 3000)
    const url = `/v1/campaigns/${campaign.id}/metrics`
    const first = await client.post(url).bearerToken(account.token).json({ metrics: rows })
    first.assertStatus(200)
    await assertMatchesSpec(first)
    assert.deepEqual(first.body(), { received: 3000, inserted: 3000, updated: 0, unchanged: 0 })

    const again = await client.post(url).bearerToken(account.token).json({ metrics: rows })
    assert.deepEqual(again.body(), { received: 3000, inserted: 0, updated: 0, unchanged: 3000 })

    const corrected = await client
      .post(url)
      .bearerToken(account.token)
      .json({
        metrics: [
          { metric_type: 'clicks', metric_value: 99, metric_date: '2025-01-01' },
          { metric_type: 'cost', metric_value: 12.5, metric_date: '2025-01-01' },
        ],
      })
    assert.deepEqual(corrected.body(), { received: 2, inserted: 1, updated: 1, unchanged: 0 })

    const clicks = await client
      .get(url)
      .bearerToken(account.token)
      .qs({ metric_type: 'clicks', from: '2025-01-01', to: '2025-01-03' })
    clicks.assertStatus(200)
    await assertMatchesSpec(clicks)
    assert.deepEqual(
      clicks
        .body()
        .data.map((row: { metric_date: string; metric_value: number }) => [
          row.metric_date,
          row.metric_value,
        ]),
      [
        ['2025-01-03', 12],
        ['2025-01-02', 11],
        ['2025-01-01', 99],
      ]
    )
    // Keyset pages on (day, id): every row exactly once.
    const seen = new Set<string>()
    let cursor: string | null = null
    do {
      const page: any = await client
        .get(url)
        .bearerToken(account.token)
        .qs({ metric_type: 'impressions', limit: 100, ...(cursor ? { cursor } : {}) })
      page.assertStatus(200)
      for (const row of page.body().data) seen.add(row.id)
      cursor = page.body().next_cursor
    } while (cursor)
    assert.equal(seen.size, 1000)
  })

  test('refuses bad batches with 422 and writes nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'metricsbad')
    const campaign = await createCampaign(client, account)
    const url = `/v1/campaigns/${campaign.id}/metrics`
    const ok = { metric_type: 'clicks', metric_value: 1, metric_date: '2026-01-01' }
    const cases: Array<[unknown, RegExp]> = [
      [{ metrics: [] }, /metrics/],
      [{ metrics: [ok, { ...ok, metric_value: -1 }] }, /metrics\.1\.metric_value/],
      [{ metrics: [ok, { ...ok, metric_date: '2026-02-30' }] }, /metrics\.1\.metric_date/],
      [{ metrics: [ok, { ...ok, metric_type: 'Clicks!' }] }, /metrics\.1\.metric_type/],
      [{ metrics: [ok, { ...ok, metric_value: 2 }] }, /metrics\.1/],
      [{ metrics: Array.from({ length: 5001 }, () => ok) }, /metrics/],
    ]
    for (const [body, field] of cases) {
      const response = await client
        .post(url)
        .bearerToken(account.token)
        .json(body as object)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.match(response.body().errors[0].field, field)
    }
    const list = await client.get(url).bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('summary computes totals, CTR, CPC, CPA and ROI in SQL; zero denominators give null', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'summary')
    const campaign = await createCampaign(client, account)
    const range = ['2026-02-01', '2026-02-02', '2026-02-03']
    await client
      .post(`/v1/campaigns/${campaign.id}/metrics`)
      .bearerToken(account.token)
      .json({
        metrics: metricRows(range, {
          impressions: [1000, 2000, 0],
          clicks: [50, 30, 0],
          conversions: [5, 1, 0],
          cost: [100, 60, 0],
          revenue: [300, 0, 0],
          video_views: [7, 7, 7],
        }),
      })
    const url = `/v1/campaigns/${campaign.id}/summary`
    const all = await client.get(url).bearerToken(account.token)
    all.assertStatus(200)
    await assertMatchesSpec(all)
    const body = all.body()
    assert.equal(body.impressions, 3000)
    assert.equal(body.clicks, 80)
    assert.equal(body.conversions, 6)
    assert.equal(body.cost, 160)
    assert.equal(body.revenue, 300)
    assert.closeTo(body.ctr, 80 / 3000, 1e-12)
    assert.closeTo(body.conversion_rate, 6 / 80, 1e-12)
    assert.closeTo(body.cpc, 2, 1e-12)
    assert.closeTo(body.cpa, 160 / 6, 1e-12)
    assert.closeTo(body.roi, 0.875, 1e-12)
    assert.equal(body.days_with_data, 3)
    assert.equal(body.first_day, '2026-02-01')

    const second = await client
      .get(url)
      .bearerToken(account.token)
      .qs({ from: '2026-02-02', to: '2026-02-02' })
    assert.equal(second.body().clicks, 30)
    assert.closeTo(second.body().ctr, 0.015, 1e-12)
    assert.closeTo(second.body().roi, -1, 1e-12)

    const empty = await client
      .get(url)
      .bearerToken(account.token)
      .qs({ from: '2026-02-03', to: '2026-02-03' })
    empty.assertStatus(200)
    await assertMatchesSpec(empty)
    for (const ratio of ['ctr', 'conversion_rate', 'cpc', 'cpa', 'roi']) {
      assert.isNull(empty.body()[ratio], ratio)
    }
    const reversed = await client
      .get(url)
      .bearerToken(account.token)
      .qs({ from: '2026-02-03', to: '2026-02-01' })
    reversed.assertStatus(422)
    ;(await client.get(url).bearerToken(account.token).qs({ from: 'feb' })).assertStatus(422)
    const reversedList = await client
      .get(`/v1/campaigns/${campaign.id}/metrics`)
      .bearerToken(account.token)
      .qs({ from: '2026-02-03', to: '2026-02-01' })
    reversedList.assertStatus(422)
  })

  test('another workspace gets 404 on metrics, summary and ingestion', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'metricsowner')
    const stranger = await registerAccount(client, 'metricsstranger')
    const campaign = await createCampaign(client, owner)
    const metrics = [{ metric_type: 'clicks', metric_value: 5, metric_date: '2026-01-01' }]
    const base = `/v1/campaigns/${campaign.id}`
    ;(
      await client.post(`${base}/metrics`).bearerToken(stranger.token).json({ metrics })
    ).assertStatus(404)
    ;(await client.get(`${base}/metrics`).bearerToken(stranger.token)).assertStatus(404)
    ;(await client.get(`${base}/summary`).bearerToken(stranger.token)).assertStatus(404)
    const own = await client.get(`${base}/summary`).bearerToken(owner.token)
    assert.equal(own.body().clicks, 0)
  })
})
