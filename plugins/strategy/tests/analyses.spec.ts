import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { post, seedPerformance } from './helpers.js'

test.group('Strategy: positioning with versions, diff and the active one', () => {
  test('generates a grounded positioning, cites the workspace data, edits, diffs and activates', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'strat')
    await seedPerformance(client, account)
    const created = await client
      .post('/v1/strategy/positioning')
      .bearerToken(account.token)
      .json({
        product_name: 'Acme Insights',
        description: 'Acme Insights is a retail analytics tool that forecasts store demand.',
        competitors: ['Globex'],
      })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const body = created.body()
    assert.equal(body.current_version, 1)
    assert.include(body.positioning_statement, 'Acme Insights')
    assert.include(body.positioning_statement, 'Globex')
    assert.include(body.three_cs_analysis.customer, 'Retail')
    // Cited sources are the workspace's own aggregates and the request.
    const cited = body.citations.map((c: any) => c.source_type)
    assert.include(cited, 'leads')
    assert.isTrue(body.recommendations.some((r: string) => r.includes('email')))
    // Nothing in the knowledge base: it says so.
    assert.isTrue(body.limitations.some((l: string) => l.includes('knowledge')))

    const edited = await client
      .patch(`/v1/strategy/positioning/${body.id}`)
      .bearerToken(account.token)
      .json({ positioning_statement: 'For retail planners, Acme Insights forecasts demand.' })
    edited.assertStatus(200)
    assert.equal(edited.body().current_version, 2)

    const versions = await client
      .get(`/v1/strategy/positioning/${body.id}/versions`)
      .bearerToken(account.token)
    versions.assertStatus(200)
    await assertMatchesSpec(versions)
    assert.deepEqual(
      versions.body().data.map((v: any) => [v.version, v.origin]),
      [
        [1, 'generated'],
        [2, 'edited'],
      ]
    )

    const diff = await client
      .get(`/v1/strategy/positioning/${body.id}/diff`)
      .qs({ from: 1, to: 2 })
      .bearerToken(account.token)
    diff.assertStatus(200)
    await assertMatchesSpec(diff)
    assert.deepEqual(
      diff.body().changes.map((c: any) => [c.path, c.op]),
      [['positioning_statement', 'changed']]
    )
    assert.equal(
      diff.body().changes[0].after,
      'For retail planners, Acme Insights forecasts demand.'
    )
    ;(
      await client
        .get(`/v1/strategy/positioning/${body.id}/diff`)
        .qs({ from: 1, to: 9 })
        .bearerToken(account.token)
    ).assertStatus(404)

    const regenerated = await client
      .post(`/v1/strategy/positioning/${body.id}/regenerate`)
      .bearerToken(account.token)
      .json({})
    regenerated.assertStatus(200)
    assert.equal(regenerated.body().current_version, 3)

    ;(await client.get('/v1/strategy/positioning/active').bearerToken(account.token)).assertStatus(
      404
    )
    const second = await post(client, account, '/v1/strategy/positioning', {
      product_name: 'Second product',
    })
    ;(
      await client.post(`/v1/strategy/positioning/${body.id}/activate`).bearerToken(account.token)
    ).assertStatus(200)
    ;(
      await client.post(`/v1/strategy/positioning/${second.id}/activate`).bearerToken(account.token)
    ).assertStatus(200)
    const active = await client.get('/v1/strategy/positioning/active').bearerToken(account.token)
    active.assertStatus(200)
    assert.equal(active.body().id, second.id)
    const first = await client.get(`/v1/strategy/positioning/${body.id}`).bearerToken(account.token)
    assert.isFalse(first.body().is_active)
  })

  test('bad input is a 422 and nothing is stored', async ({ client, assert }) => {
    const account = await registerAccount(client, 'strat422')
    for (const payload of [
      {},
      { product_name: '   ' },
      { product_name: 'x', competitors: 'Globex' },
      { product_name: 'x', bucket_ids: ['nope'] },
    ]) {
      ;(
        await client.post('/v1/strategy/positioning').bearerToken(account.token).json(payload)
      ).assertStatus(422)
    }
    ;(
      await client
        .post('/v1/strategy/funnels')
        .bearerToken(account.token)
        .json({ business_type: 'x', assumed_rates: { conversion: 2 } })
    ).assertStatus(422)
    ;(
      await client
        .post('/v1/strategy/kpi-frameworks')
        .bearerToken(account.token)
        .json({ campaign_name: 'x', channels: ['email'], kpis: [{ key: 'a', metric: 'made_up' }] })
    ).assertStatus(422)
    ;(
      await client
        .post('/v1/strategy/kpi-frameworks')
        .bearerToken(account.token)
        .json({ campaign_name: 'x', channels: ['email'] })
    ).assertStatus(422)
    const list = await client.get('/v1/strategy/positioning').bearerToken(account.token)
    assert.deepEqual(list.body().data, [])
  })
})

test.group('Strategy: funnels from real data with what-if', () => {
  test('measures rates from campaign metrics and leads, marks assumptions, runs a what-if', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'funnel')
    await seedPerformance(client, account)
    const created = await client
      .post('/v1/strategy/funnels')
      .bearerToken(account.token)
      .json({ business_type: 'Retail SaaS' })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const stages = created.body().funnel_structure.stages
    assert.deepEqual(
      stages.map((s: any) => [s.stage, s.volume, s.source]),
      [
        ['awareness', 5000, 'data'],
        ['engagement', 200, 'data'],
        ['conversion', 5, 'data'],
        ['retention', 1, 'data'],
      ]
    )
    assert.equal(stages[1].rate, 0.04)
    assert.equal(stages[3].rate, 0.2)

    const whatIf = await client
      .post(`/v1/strategy/funnels/${created.body().id}/what-if`)
      .bearerToken(account.token)
      .json({ stage: 'engagement', rate: 0.08 })
    whatIf.assertStatus(200)
    await assertMatchesSpec(whatIf)
    assert.equal(whatIf.body().baseline_outcome, 1)
    assert.equal(whatIf.body().scenario_outcome, 2)
    assert.equal(whatIf.body().relative_change, 1)
    ;(
      await client
        .post(`/v1/strategy/funnels/${created.body().id}/what-if`)
        .bearerToken(account.token)
        .json({ stage: 'awareness', rate: 0.5 })
    ).assertStatus(422)

    // No data: every rate is an assumption, said so.
    const empty = await registerAccount(client, 'funnel0')
    const assumed = await post(client, empty, '/v1/strategy/funnels', {
      business_type: 'New shop',
      entry_volume: 10000,
      assumed_rates: { conversion: 0.1 },
    })
    assert.deepEqual(
      assumed.funnel_structure.stages.map((s: any) => s.source),
      ['assumption', 'default_assumption', 'assumption', 'default_assumption']
    )
    assert.equal(assumed.funnel_structure.outcome.volume, 4)
    assert.lengthOf(assumed.limitations, 2)

    const edited = await client
      .patch(`/v1/strategy/funnels/${assumed.id}`)
      .bearerToken(empty.token)
      .json({ assumed_rates: { retention: 0.5 } })
    edited.assertStatus(200)
    assert.equal(edited.body().funnel_structure.outcome.volume, 10)
    const diff = await client
      .get(`/v1/strategy/funnels/${assumed.id}/diff`)
      .qs({ from: 1, to: 2 })
      .bearerToken(empty.token)
    assert.includeMembers(
      diff.body().changes.map((c: any) => c.path),
      ['funnel_structure.outcome.volume', 'funnel_structure.stages[3].rate']
    )
  })
})

test.group('Strategy: KPI frameworks evaluated over the workspace data', () => {
  test('binds KPIs to the catalogue, flags missing sources, evaluates against seeded metrics', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kpi')
    await seedPerformance(client, account)
    const catalogue = await client.get('/v1/strategy/kpi-catalogue').bearerToken(account.token)
    catalogue.assertStatus(200)
    await assertMatchesSpec(catalogue)
    const created = await client
      .post('/v1/strategy/kpi-frameworks')
      .bearerToken(account.token)
      .json({
        campaign_name: 'Growth',
        channels: ['email', 'social_media'],
        preset: 'aarrr',
        kpis: [
          { key: 'ctr', metric: 'ctr', target: 0.05, counter_metric: 'cpc' },
          { key: 'acquisition', target: 4 },
          { key: 'nps', name: 'Net promoter score' },
        ],
      })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const kpis = created.body().tracking_framework.kpis
    assert.equal(kpis.find((k: any) => k.key === 'nps').status, 'needs_data_source')
    assert.equal(kpis.find((k: any) => k.key === 'referral').status, 'needs_data_source')

    const evaluation = await client
      .get(`/v1/strategy/kpi-frameworks/${created.body().id}/evaluation`)
      .bearerToken(account.token)
    evaluation.assertStatus(200)
    await assertMatchesSpec(evaluation)
    const byKey = Object.fromEntries(evaluation.body().kpis.map((k: any) => [k.key, k]))
    assert.equal(byKey.ctr.value, 0.04)
    assert.equal(byKey.ctr.status, 'not_met')
    assert.deepEqual(byKey.ctr.counter_metric, { metric: 'cpc', value: 2.5 })
    assert.equal(byKey.acquisition.value, 5)
    assert.equal(byKey.acquisition.status, 'met')
    assert.equal(byKey.revenue.value, 1100)
    assert.equal(byKey.activation.value, 0)
    assert.isNull(byKey.nps.value)
    assert.equal(byKey.nps.status, 'needs_data_source')
    assert.isNull(byKey.retention.value)

    // A period with no data: values are unknown, not zero.
    const old = await client
      .get(`/v1/strategy/kpi-frameworks/${created.body().id}/evaluation`)
      .qs({ from: '2020-01-01', to: '2020-01-31' })
      .bearerToken(account.token)
    const oldKeys = Object.fromEntries(old.body().kpis.map((k: any) => [k.key, k]))
    assert.isNull(oldKeys.ctr.value)
    assert.equal(oldKeys.ctr.status, 'no_data')
    ;(
      await client
        .get(`/v1/strategy/kpi-frameworks/${created.body().id}/evaluation`)
        .qs({ from: '2020-02-01', to: '2020-01-01' })
        .bearerToken(account.token)
    ).assertStatus(422)

    const edited = await client
      .patch(`/v1/strategy/kpi-frameworks/${created.body().id}`)
      .bearerToken(account.token)
      .json({ kpis: [{ key: 'ctr', target: 0.03 }] })
    edited.assertStatus(200)
    assert.equal(edited.body().current_version, 2)
    const diff = await client
      .get(`/v1/strategy/kpi-frameworks/${created.body().id}/diff`)
      .qs({ from: 1, to: 2 })
      .bearerToken(account.token)
    assert.deepEqual(
      diff.body().changes.map((c: any) => c.after),
      [0.03]
    )
  })
})

test.group('Strategy: keyword research', () => {
  test('derives keywords by TF-IDF, classifies intent, clusters, leaves volume unknown', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kw')
    const documents = [
      {
        title: 'Email marketing guide',
        text: 'Email marketing automation helps small teams. Email marketing automation sends newsletters. How to write email marketing newsletters that convert. Email deliverability matters for newsletters.',
      },
      {
        title: 'Pricing',
        text: 'Compare pricing plans. Pricing plans start free. Buy the pro plan with a free trial. Pricing plans for agencies and pricing plans for teams.',
      },
      {
        title: 'Demand forecasting',
        text: 'Demand forecasting for retail stores. Retail demand forecasting uses sales history. Demand forecasting accuracy improves inventory planning. Inventory planning for retail stores.',
      },
    ]
    const created = await client
      .post('/v1/strategy/keyword-research')
      .bearerToken(account.token)
      .json({ query: 'email marketing', documents, max_keywords: 12 })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const keywords = created.body().keywords
    const byWord = Object.fromEntries(keywords.map((k: any) => [k.keyword, k]))
    assert.equal(keywords[0].keyword, 'email marketing')
    assert.equal(byWord['pricing plans'].intent, 'transactional')
    assert.equal(byWord['demand forecasting'].intent, 'informational')
    assert.isNull(byWord['pricing plans'].search_volume)
    assert.notEqual(byWord['demand forecasting'].cluster, byWord['pricing plans'].cluster)
    assert.equal(byWord['retail stores'].cluster, byWord['demand forecasting'].cluster)
    assert.equal(created.body().sources.request_documents, 3)
    ;(
      await client
        .post('/v1/strategy/keyword-research')
        .bearerToken(account.token)
        .json({ query: 'x' })
    ).assertStatus(422)
    const listed = await client.get('/v1/strategy/keyword-research').bearerToken(account.token)
    assert.lengthOf(listed.body().data, 1)
  })
})
