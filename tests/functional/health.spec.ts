import { test } from '@japa/runner'

test.group('Health', () => {
  test('live answers ok', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
  })

  test('ready checks the database', async ({ client, assert }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.equal(response.body().checks.database.status, 'ok')
  })
})
