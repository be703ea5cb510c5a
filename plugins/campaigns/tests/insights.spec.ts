import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import db from '@adonisjs/lucid/services/db'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import type { ApiClient } from '@japa/api-client'
import { createCampaign, dayFromToday, metricRows } from './helpers.js'

async function ingest(
  client: ApiClient,
  account: TestAccount,
  campaignId: string,
  metrics: Array<Record<string, unknown>>
) {
  const response = await client
    .post(`/v1/campaigns/${campaignId}/metrics`)
    .bearerToken(account.token)
    .json({ metrics })
  response.assertStatus(200)
}

/** Polls a list route until it has at least one row. */
async function firstRow(client: ApiClient, account: TestAccount, url: string) {
  const response = await waitFor(async () => {
    const page = await client.get(url).bearerToken(account.token)
    return page.body().data?.[0] ? page : null
  }, 20_000)
  return response!
}

test.group('Campaigns: performance monitor, predictions and their jobs', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('the monitor job scores a campaign against its KPI targets and stores suggestions', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'monitor')
    const campaign = await createCampaign(client, account, {
      status: 'active',
      channel: 'search',
      kpi_targets: { ctr: 0.05, cpa: 10, note: 'ignored' },
    })
    const day = dayFromToday(-2)
    await ingest(
      client,
      account,
      campaign.id,
      metricRows([day], {
        impressions: [10000],
        clicks: [200],
        conversions: [10],
        cost: [400],
        revenue: [0],
      })
    )
    const queued = await client
      .post('/v1/campaigns/performance-runs')
      .bearerToken(account.token)
      .json({ campaign_id: campaign.id })
    queued.assertStatus(202)
    await assertMatchesSpec(queued)
    assert.equal(queued.body().task, 'campaigns/monitor_performance')

    const listed = await firstRow(client, account, `/v1/campaigns/${campaign.id}/performance`)
    await assertMatchesSpec(listed)
    const measurement = listed.body().data[0]
    // ctr 0.02 vs 0.05 → 0.4 → 20; cpa 40 vs 10 → 0.25 → 12.5; (20·0.15 + 12.5·0.25)/0.4 = 15.3125.
    assert.closeTo(measurement.performance_score, 15.31, 0.001)
    assert.equal(measurement.channel, 'search')
    assert.equal(measurement.benchmark_metrics.sources.ctr, 'kpi_targets')
    assert.sameMembers(
      measurement.optimization_suggestions.map((item: { rule: string }) => item.rule),
      ['ctr_below_benchmark', 'cpa_above_benchmark', 'negative_roi']
    )
    assert.equal(measurement.metrics.clicks, 200)

    const recorded = await client
      .get(`/v1/campaigns/${campaign.id}/performance/metrics`)
      .bearerToken(account.token)
      .qs({ metric_name: 'performance_score' })
    await assertMatchesSpec(recorded)
    assert.closeTo(recorded.body().data[0].metric_value, 15.31, 0.001)

    // A second run the same day replaces the measurement instead of adding one.
    await client
      .post('/v1/campaigns/performance-runs')
      .bearerToken(account.token)
      .json({ campaign_id: campaign.id })
    await waitFor(async () => {
      const jobs = await db.rawQuery(
        "select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'campaigns/monitor_performance' and j.payload->>'campaign_id' = ?",
        [campaign.id]
      )
      return jobs.rows[0].n === 0
    }, 20_000)
    const after = await client
      .get(`/v1/campaigns/${campaign.id}/performance`)
      .bearerToken(account.token)
    assert.lengthOf(after.body().data, 1)
  })

  test('the daily cron task queues the monitor for workspaces with active campaigns', async ({
    client,
  }) => {
    const account = await registerAccount(client, 'monitorcron')
    const campaign = await createCampaign(client, account, {
      status: 'active',
      kpi_targets: { ctr: 0.01 },
    })
    await ingest(
      client,
      account,
      campaign.id,
      metricRows([dayFromToday(-1)], { impressions: [1000], clicks: [20] })
    )
    await db.rawQuery("select graphile_worker.add_job('campaigns/schedule_monitoring', '{}')")
    await firstRow(client, account, `/v1/campaigns/${campaign.id}/performance`)
  })

  test('kpi_forecast through HTTP: Holt and regression on an exact trend, and 422 without history', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'forecast')
    const campaign = await createCampaign(client, account)
    const url = `/v1/campaigns/${campaign.id}/predictions`
    const tooShort = await client
      .post(url)
      .bearerToken(account.token)
      .json({ prediction_type: 'kpi_forecast' })
    tooShort.assertStatus(422)
    await assertMatchesSpec(tooShort)
    assert.match(tooShort.body().detail, /at least 4 days/)

    // Six consecutive days on an exact line 5, 7, …, 15: the forecast continues it.
    const days = [
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
    ]
    await ingest(
      client,
      account,
      campaign.id,
      metricRows(days, { conversions: [5, 7, 9, 11, 13, 15] })
    )
    const holt = await client
      .post(url)
      .bearerToken(account.token)
      .json({ prediction_type: 'kpi_forecast', metric_type: 'conversions', horizon_days: 3 })
    holt.assertStatus(201)
    await assertMatchesSpec(holt)
    const data = holt.body().prediction_data
    assert.equal(data.method, 'holt')
    assert.deepEqual(
      data.forecast.map((point: Record<string, unknown>) => [
        point.date,
        point.value,
        point.lower,
        point.upper,
      ]),
      [
        ['2026-01-07', 17, 17, 17],
        ['2026-01-08', 19, 19, 19],
        ['2026-01-09', 21, 21, 21],
      ]
    )
    assert.equal(holt.body().confidence_score, 1)
    assert.equal(data.history.days, 6)

    const regression = await client.post(url).bearerToken(account.token).json({
      prediction_type: 'kpi_forecast',
      metric_type: 'conversions',
      horizon_days: 2,
      method: 'linear_regression',
    })
    regression.assertStatus(201)
    assert.closeTo(regression.body().prediction_data.parameters.slope, 2, 1e-9)
    assert.equal(regression.body().prediction_data.fit.r_squared, 1)
    assert.equal(regression.body().prediction_data.forecast[1].value, 19)

    const list = await client
      .get(url)
      .bearerToken(account.token)
      .qs({ prediction_type: 'kpi_forecast' })
    await assertMatchesSpec(list)
    assert.lengthOf(list.body().data, 2)
    const shown = await client.get(`${url}/${holt.body().id}`).bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    ;(
      await client.post(url).bearerToken(account.token).json({ prediction_type: 'guess' })
    ).assertStatus(422)
    ;(
      await client
        .post(url)
        .bearerToken(account.token)
        .json({ prediction_type: 'kpi_forecast', horizon_days: 0 })
    ).assertStatus(422)
  })

  test('completing a campaign queues a job that scores its forecasts; the webhook event is emitted', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outcome')
    const campaign = await createCampaign(client, account, { status: 'active' })
    const days = [
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
    ]
    await ingest(
      client,
      account,
      campaign.id,
      metricRows(days, { conversions: [5, 7, 9, 11, 13, 15] })
    )
    const forecast = await client
      .post(`/v1/campaigns/${campaign.id}/predictions`)
      .bearerToken(account.token)
      .json({ prediction_type: 'kpi_forecast', horizon_days: 3 })
    forecast.assertStatus(201)
    // What happened: 16, 20, 20 against the forecast 17, 19, 21.
    await ingest(
      client,
      account,
      campaign.id,
      metricRows(['2026-01-07', '2026-01-08', '2026-01-09'], { conversions: [16, 20, 20] })
    )
    const completed = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ status: 'completed' })
    completed.assertStatus(200)

    const evaluated = (await waitFor(async () => {
      const response = await client
        .get(`/v1/campaigns/${campaign.id}/predictions/${forecast.body().id}`)
        .bearerToken(account.token)
      return response.body().actual_outcome ? response : null
    }, 20_000))!
    await assertMatchesSpec(evaluated)
    const outcome = evaluated.body().actual_outcome
    assert.equal(outcome.days_compared, 3)
    assert.equal(outcome.actual_total, 56)
    assert.equal(outcome.forecast_total, 57)
    assert.closeTo(outcome.wape, 3 / 56, 1e-4)
    assert.closeTo(evaluated.body().accuracy_score, 53 / 56, 1e-4)

    const events = await db.rawQuery(
      "select payload from webhook_events where workspace_id = ? and event_type = 'campaign.status_changed' order by created_at",
      [account.personalWorkspaceId]
    )
    assert.deepEqual(
      events.rows.map((row: { payload: Record<string, unknown> }) => [
        row.payload.from,
        row.payload.to,
      ]),
      [
        ['draft', 'active'],
        ['active', 'completed'],
      ]
    )
    assert.equal(events.rows[1].payload.campaign_id, campaign.id)
    const catalogue = await client.get('/v1/webhooks/event-types').bearerToken(account.token)
    assert.include(JSON.stringify(catalogue.body()), 'campaign.status_changed')
  })

  test('a refused transition emits no event and queues no job', async ({ client, assert }) => {
    const account = await registerAccount(client, 'noevent')
    const campaign = await createCampaign(client, account)
    const refused = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ status: 'completed', description: 'half-written?' })
    refused.assertStatus(409)
    const events = await db.rawQuery(
      "select count(*)::int as n from webhook_events where workspace_id = ? and event_type = 'campaign.status_changed'",
      [account.personalWorkspaceId]
    )
    assert.equal(events.rows[0].n, 0)
    const jobs = await db.rawQuery(
      "select count(*)::int as n from graphile_worker._private_jobs where payload->>'campaign_id' = ?",
      [campaign.id]
    )
    assert.equal(jobs.rows[0].n, 0)
    const shown = await client.get(`/v1/campaigns/${campaign.id}`).bearerToken(account.token)
    assert.isNull(shown.body().description)
  })

  test('budget_optimization splits the budget across channels by observed cost per conversion', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'budgetopt')
    const search = await createCampaign(client, account, { channel: 'search', total_budget: 5000 })
    const social = await createCampaign(client, account, { channel: 'social' })
    const target = await createCampaign(client, account, {
      channel: 'email',
      total_budget: 1200,
      budget_spent: 200,
    })
    const day = dayFromToday(-3)
    await ingest(client, account, search.id, metricRows([day], { cost: [100], conversions: [10] }))
    await ingest(client, account, social.id, metricRows([day], { cost: [100], conversions: [5] }))
    const created = await client
      .post(`/v1/campaigns/${target.id}/predictions`)
      .bearerToken(account.token)
      .json({ prediction_type: 'budget_optimization' })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const data = created.body().prediction_data
    // Remaining budget 1000: search 0.1 + 0.8·2/3, social 0.1 + 0.8/3.
    assert.equal(data.budget, 1000)
    assert.deepEqual(
      data.allocations.map((item: Record<string, unknown>) => [item.channel, item.proposed_budget]),
      [
        ['search', 633.33],
        ['social', 366.67],
      ]
    )
    assert.closeTo(created.body().confidence_score, 0.6183, 1e-4)
    assert.sameMembers(created.body().based_on_campaigns, [search.id, social.id])
  })

  test('another workspace gets 404 on performance and prediction routes', async ({ client }) => {
    const owner = await registerAccount(client, 'insightowner')
    const stranger = await registerAccount(client, 'insightstranger')
    const campaign = await createCampaign(client, owner)
    const base = `/v1/campaigns/${campaign.id}`
    ;(await client.get(`${base}/performance`).bearerToken(stranger.token)).assertStatus(404)
    ;(await client.get(`${base}/performance/metrics`).bearerToken(stranger.token)).assertStatus(404)
    ;(await client.get(`${base}/predictions`).bearerToken(stranger.token)).assertStatus(404)
    ;(
      await client
        .post(`${base}/predictions`)
        .bearerToken(stranger.token)
        .json({ prediction_type: 'budget_optimization' })
    ).assertStatus(404)
    ;(
      await client.get(`${base}/predictions/${campaign.id}`).bearerToken(stranger.token)
    ).assertStatus(404)
    ;(
      await client
        .post('/v1/campaigns/performance-runs')
        .bearerToken(stranger.token)
        .json({ campaign_id: campaign.id })
    ).assertStatus(404)
    ;(
      await client
        .post('/v1/campaigns/performance-runs')
        .bearerToken(stranger.token)
        .json({ campaign_id: 'nope' })
    ).assertStatus(422)
  })
})
