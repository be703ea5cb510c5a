import { test } from '@japa/runner'
import { rawQuery, withAnonymous } from '#sdk'
import type { ApiClient } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { createCampaign, dayFromToday, metricRows } from './helpers.js'

const SHOP = 'https://shop.example.test'
/** Embed keys of these tests show the dashboard. */
const METRICS = { capabilities: ['campaigns:metrics'], allowed_origins: [SHOP] }

/** A signed end-user session of the workspace with `scope` (default `campaigns:read`). */
async function sessionOf(client: ApiClient, admin: TestAccount, scope = 'campaigns:read') {
  const secret = await createEmbedSecretKey(client, admin, admin.personalWorkspaceId)
  return {
    secret,
    token: await mintSessionToken(secret, { sub: 'customer-42', name: 'Ada', scope }),
  }
}

/** A GET from the vendor's page: publishable key, Origin and the session token. */
function embedGet(client: ApiClient, url: string, publicKey: string, token?: string) {
  const request = client.get(url).header('x-embed-key', publicKey).header('origin', SHOP)
  if (token) request.header('authorization', `Bearer ${token}`)
  return request
}

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
    const { token } = await sessionOf(client, admin)

    const list = await embedGet(client, '/v1/embed/campaigns', key.public_key, token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.equal(list.header('access-control-allow-origin'), SHOP)
    assert.deepEqual(
      list.body().data.map((row: any) => row.name),
      ['Spring launch']
    )
    assert.notProperty(list.body().data[0], 'total_budget', 'budgets stay private')

    const response = await embedGet(
      client,
      `/v1/embed/campaigns/${campaign.id}/summary?days=7`,
      key.public_key,
      token
    )
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

    const longer = await embedGet(
      client,
      `/v1/embed/campaigns/${campaign.id}/summary?days=30`,
      key.public_key,
      token
    )
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
    const { token } = await sessionOf(client, admin)
    const get = (url: string, publicKey = key.public_key) => embedGet(client, url, publicKey, token)

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
      assert.equal(bad.header('content-type'), 'application/problem+json', qs)
    }

    const leadsOnly = await createEmbedKey(client, admin, admin.personalWorkspaceId, {
      capabilities: ['leads:submit'],
      allowed_origins: [SHOP],
    })
    ;(await get('/v1/embed/campaigns', leadsOnly.public_key)).assertStatus(403)
    ;(await client.get('/v1/embed/campaigns').header('origin', SHOP)).assertStatus(401)
  })

  test('the end-user session is required: missing, expired, forged, foreign or revoked tokens get 401, a token without campaigns:read 403', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embeddashs')
    const other = await registerAccount(client, 'embeddasht')
    const campaign = await createCampaign(client, admin, { name: 'Guarded' })
    const key = await createEmbedKey(client, admin, admin.personalWorkspaceId, METRICS)
    const { secret, token } = await sessionOf(client, admin)
    const summaryUrl = `/v1/embed/campaigns/${campaign.id}/summary`
    const status = async (url: string, sessionToken?: string) =>
      (await embedGet(client, url, key.public_key, sessionToken)).status()

    assert.equal(await status(summaryUrl, token), 200)
    assert.equal(await status('/v1/embed/campaigns'), 401, 'no session')
    assert.equal(await status(summaryUrl), 401, 'no session')

    const past = Math.floor(Date.now() / 1000) - 3600
    const expired = await mintSessionToken(secret, {
      sub: 'customer-42',
      scope: 'campaigns:read',
      iat: past,
      exp: past + 600,
    })
    assert.equal(await status(summaryUrl, expired), 401, 'expired')
    const forged = await mintSessionToken(
      secret,
      { sub: 'customer-42', scope: 'campaigns:read' },
      'sk_not-the-workspace-secret-0000000000000000000'
    )
    assert.equal(await status(summaryUrl, forged), 401, 'forged')
    const foreign = await sessionOf(client, other)
    assert.equal(await status(summaryUrl, foreign.token), 401, "another workspace's secret key")

    const chatOnly = await mintSessionToken(secret, { sub: 'customer-42', scope: 'chat' })
    const refused = await embedGet(client, summaryUrl, key.public_key, chatOnly)
    refused.assertStatus(403)
    assert.equal(refused.header('content-type'), 'application/problem+json')
    const writer = await mintSessionToken(secret, { sub: 'customer-42', scope: 'campaigns:write' })
    assert.equal(await status(summaryUrl, writer), 200, 'campaigns:write implies campaigns:read')

    const revoked = await client
      .delete(`/v1/embed/secret-keys/${secret.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', admin.personalWorkspaceId)
    assert.oneOf(revoked.status(), [200, 204])
    assert.equal(await status(summaryUrl, token), 401, 'revoked secret key')
  })
  test('the database shows campaigns and metrics to app_anon only with an end-user session', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embeddashrls')
    const workspaceId = admin.personalWorkspaceId
    const campaign = await createCampaign(client, admin, { name: 'Session only' })
    const ingest = await client
      .post(`/v1/campaigns/${campaign.id}/metrics`)
      .bearerToken(admin.token)
      .json({ metrics: metricRows([dayFromToday(0)], { impressions: [120], clicks: [7] }) })
    ingest.assertStatus(200)

    // Any anonymous embed transaction of the workspace without a session
    // (a bare publishable key, another widget's route) sees neither table.
    const visible = (setup: string) =>
      withAnonymous(workspaceId, async ({ trx }) => {
        await rawQuery(trx, setup)
        const count = async (table: string) =>
          Number((await rawQuery(trx, `select count(*) as n from ${table}`)).rows[0].n)
        return { campaigns: await count('campaigns'), metrics: await count('campaign_metrics') }
      })
    assert.deepEqual(await visible('select 1'), { campaigns: 0, metrics: 0 })
    // With an end user set in the transaction (as the embed key middleware does
    // after verifying a session token), the same workspace's rows are readable.
    const endUser = `select set_config('app.end_user_id', '${crypto.randomUUID()}', true)`
    assert.deepEqual(await visible(endUser), { campaigns: 1, metrics: 2 })

    // The dashboard route with a session still lists the campaign; without one it is refused.
    const key = await createEmbedKey(client, admin, workspaceId, METRICS)
    const { token } = await sessionOf(client, admin)
    const list = await embedGet(client, '/v1/embed/campaigns', key.public_key, token)
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((row: any) => row.name),
      ['Session only']
    )
    ;(await embedGet(client, '/v1/embed/campaigns', key.public_key)).assertStatus(401)
  })
})
