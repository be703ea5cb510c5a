import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey } from '#tests/helpers/embed'
import { createCampaign, dayFromToday, metricRows } from './helpers.js'

const SHOP = 'https://shop.example.test'
/** Embed keys of these tests show the dashboard. */
const METRICS = { capabilities: ['campaigns:metrics'], allowed_origins: [SHOP] }

test.group('Campaigns: dashboard widget routes (GET /v1/embed/campaigns…)', () => {
  test('lists the campaigns and serves KPIs with a gap-filled daily series equal to the summary', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embeddash')
    const workspaceId = admin.personalWorkspaceId
    const campaign = await createCampaign(client, admin, { name: 'Spring launch' })
    const days = [dayFromToday(-6), dayFromToday(-5), dayFromToday(-3), dayFromToday(0)]
    const ingest = await client
      .post(`/v1/campaigns/${campaign.id}/metrics`)
      .bearerToken(admin.token)
      .json({
        metrics: [
          ...metricRows(days, {
            impressions: [1000, 1200, 900, 1500],
            clicks: [50, 70, 30, 90],
            conversions: [5, 6, 2, 9],
            cost: [100, 110, 60, 150],
            revenue: [400, 300, 90, 700],
          }),
          // Outside a 7-day range: counted by a longer range only.
          { metric_type: 'impressions', metric_value: 9999, metric_date: dayFromToday(-20) },
        ],
      })
    ingest.assertStatus(200)
    const key = await createEmbedKey(client, admin, workspaceId, METRICS)

    const list = await client
      .get('/v1/embed/campaigns')
      .header('x-embed-key', key.public_key)
      .header('origin', SHOP)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.equal(list.header('access-control-allow-origin'), SHOP)
    assert.deepEqual(
      list.body().data.map((row: any) => row.name),
      ['Spring launch']
    )
    assert.notProperty(list.body().data[0], 'total_budget', 'budgets stay private')

    const response = await client
      .get(`/v1/embed/campaigns/${campaign.id}/summary`)
      .qs({ days: 7 })
      .header('x-embed-key', key.public_key)
      .header('origin', SHOP)
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.from, dayFromToday(-6))
    assert.equal(body.to, dayFromToday(0))
    assert.lengthOf(body.series, 7)
    assert.deepEqual(
      body.series.map((row: any) => row.impressions),
      [1000, 1200, 0, 900, 0, 0, 1500]
    )
    assert.include(body.summary, { impressions: 4600, clicks: 240, conversions: 22, cost: 420 })
    assert.closeTo(body.summary.ctr, 240 / 4600, 1e-9)
    assert.closeTo(body.summary.roi, (1490 - 420) / 420, 1e-9)

    // The same numbers as the authenticated summary route over the same days.
    const summary = await client
      .get(`/v1/campaigns/${campaign.id}/summary`)
      .qs({ from: body.from, to: body.to })
      .bearerToken(admin.token)
    assert.deepEqual(body.summary, summary.body())
    // Totals of the series are the summary's.
    const total = (name: string) =>
      body.series.reduce((sum: number, row: any) => sum + row[name], 0)
    assert.equal(total('revenue'), body.summary.revenue)

    const longer = await client
      .get(`/v1/embed/campaigns/${campaign.id}/summary`)
      .qs({ days: 30 })
      .header('x-embed-key', key.public_key)
      .header('origin', SHOP)
    assert.equal(longer.body().summary.impressions, 4600 + 9999)
    assert.lengthOf(longer.body().series, 30)
  })

  test("another workspace's campaign is not found; bad ranges are 422; the capability is required", async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embeddashx')
    const other = await registerAccount(client, 'embeddashy')
    const theirs = await createCampaign(client, other, { name: 'Not yours' })
    await createCampaign(client, admin, { name: 'Mine' })
    const key = await createEmbedKey(client, admin, admin.personalWorkspaceId, METRICS)
    const get = (url: string, publicKey = key.public_key) =>
      client.get(url).header('x-embed-key', publicKey).header('origin', SHOP)

    const foreign = await get(`/v1/embed/campaigns/${theirs.id}/summary`)
    foreign.assertStatus(404)
    assert.equal(foreign.header('content-type'), 'application/problem+json')
    const list = await get('/v1/embed/campaigns')
    assert.deepEqual(
      list.body().data.map((row: any) => row.name),
      ['Mine']
    )
    ;(await get('/v1/embed/campaigns/not-a-uuid/summary')).assertStatus(404)

    const mine = list.body().data[0].id
    for (const qs of ['days=0', 'days=367', 'days=1.5', 'days=ten', 'to=2026-02-30']) {
      const bad = await get(`/v1/embed/campaigns/${mine}/summary?${qs}`)
      assert.equal(bad.status(), 422, qs)
    }

    const leadsOnly = await createEmbedKey(client, admin, admin.personalWorkspaceId, {
      capabilities: ['leads:submit'],
      allowed_origins: [SHOP],
    })
    ;(await get('/v1/embed/campaigns', leadsOnly.public_key)).assertStatus(403)
    ;(await client.get('/v1/embed/campaigns').header('origin', SHOP)).assertStatus(401)
  })
})
