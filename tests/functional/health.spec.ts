import { test } from '@japa/runner'
import platform from '#core/runtime/platform'

test.group('Health', (group) => {
  // Other suites start and stop the in-process worker; readiness depends on its
  // state, so each test here pins the state it describes and restores it after.
  let previous: typeof platform.jobs.state
  group.each.setup(() => {
    previous = platform.jobs.state
    return () => {
      platform.jobs.state = previous
    }
  })

  test('live answers ok', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
  })

  test('ready checks the database', async ({ client, assert }) => {
    // The test process runs without an in-process worker unless a suite starts one.
    platform.jobs.state = 'disabled'
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.equal(response.body().checks.database.status, 'ok')
  })

  test('ready answers 503 while the worker is stopped or has failed', async ({
    client,
    assert,
  }) => {
    for (const state of ['stopped', 'failed'] as const) {
      platform.jobs.state = state
      const response = await client.get('/health/ready')
      response.assertStatus(503)
      assert.equal(response.body().checks.worker.status, state)
      assert.equal(response.body().checks.database.status, 'ok')
    }
  })
})
