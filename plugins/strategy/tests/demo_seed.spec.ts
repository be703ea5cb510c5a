import { test } from '@japa/runner'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'

test.group('Strategy: demo seed', () => {
  test('adds an active positioning, a measured funnel and an AARRR framework, once', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)
    const active = await client.get('/v1/strategy/positioning/active').bearerToken(token)
    active.assertStatus(200)
    assert.include(active.body().positioning_statement, 'Action Insight Pilot')
    assert.lengthOf(
      (await client.get('/v1/strategy/positioning').bearerToken(token)).body().data,
      1
    )
    const funnels = await client.get('/v1/strategy/funnels').bearerToken(token)
    assert.lengthOf(funnels.body().data, 1)
    // The demo campaigns have metrics: awareness is measured, not assumed.
    assert.equal(funnels.body().data[0].funnel_structure.stages[0].source, 'data')
    const frameworks = await client.get('/v1/strategy/kpi-frameworks').bearerToken(token)
    assert.lengthOf(frameworks.body().data, 1)
    const evaluation = await client
      .get(`/v1/strategy/kpi-frameworks/${frameworks.body().data[0].id}/evaluation`)
      .bearerToken(token)
    evaluation.assertStatus(200)
    assert.lengthOf(evaluation.body().kpis, 5)
  })
})
