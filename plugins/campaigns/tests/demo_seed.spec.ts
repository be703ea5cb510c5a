import { test } from '@japa/runner'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'

test.group('Campaigns: demo seed', () => {
  test('fills the demo workspace with campaigns, 90 days of metrics, tasks, a measurement and predictions', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)
    const campaigns = await client.get('/v1/campaigns').bearerToken(token)
    const byName = new Map(
      campaigns.body().data.map((row: { name: string }) => [row.name, row] as const)
    )
    assert.sameMembers(
      [...byName.keys()],
      [
        'Spring product launch',
        'Newsletter nurture',
        'Brand awareness Q3',
        'Webinar lead generation',
      ]
    )
    const launch = byName.get('Spring product launch') as { id: string; budget_spent: number }
    const summary = await client.get(`/v1/campaigns/${launch.id}/summary`).bearerToken(token)
    assert.equal(summary.body().days_with_data, 90)
    assert.isAbove(summary.body().clicks, 0)
    assert.closeTo(summary.body().cost, launch.budget_spent, 0.01)
    const tasks = await client.get(`/v1/campaigns/${launch.id}/tasks`).bearerToken(token)
    assert.lengthOf(tasks.body().data, 2)
    const performance = await client
      .get(`/v1/campaigns/${launch.id}/performance`)
      .bearerToken(token)
    assert.lengthOf(performance.body().data, 1)
    const predictions = await client
      .get(`/v1/campaigns/${launch.id}/predictions`)
      .bearerToken(token)
    assert.equal(predictions.body().data[0].prediction_type, 'kpi_forecast')
    assert.lengthOf(predictions.body().data[0].prediction_data.forecast, 14)
  })
})
