import { test } from '@japa/runner'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'

test.group('Leads: demo seed', () => {
  test('the demo workspace has rules, leads with activities and explained scores', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)

    const rules = await client.get('/v1/leads/scoring-rules').bearerToken(token)
    assert.lengthOf(rules.body().data, 5, 'seeded once')
    const leads = await client.get('/v1/leads').qs({ sort: 'score', limit: 100 }).bearerToken(token)
    leads.assertStatus(200)
    assert.lengthOf(leads.body().data, 40)
    const best = leads.body().data[0]
    assert.isAbove(best.lead_score, 0)
    const explanation = await client.get(`/v1/leads/${best.id}/score`).bearerToken(token)
    const points = [...explanation.body().fit, ...explanation.body().engagement].reduce(
      (sum: number, item: { points: number }) => sum + item.points,
      0
    )
    assert.equal(Math.min(100, Math.max(0, Math.round(points))), best.lead_score)
    const activities = await client.get(`/v1/leads/${best.id}/activities`).bearerToken(token)
    activities.assertStatus(200)
  })
})
