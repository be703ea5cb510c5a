import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runDailyAutopilot } from '../services/daily_run.js'
import { generateWeeklyReport } from '../services/weekly_report.js'
import { lastFullWeekStart } from '../services/dates.js'
import { withTenant } from '#sdk'
import { dayFromToday, expectStatus, jobIdentity, setUpWorkspace } from './helpers.js'

test.group('Autopilot: tenancy', () => {
  test('another workspace gets a 404 on every route that names a row, and sees none of the rows', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'apowner')
    await setUpWorkspace(client, owner)
    await runDailyAutopilot(jobIdentity(owner), dayFromToday(0))
    await withTenant(jobIdentity(owner), () =>
      generateWeeklyReport(lastFullWeekStart(dayFromToday(0)))
    )
    const get = (url: string) => expectStatus(client.get(url).bearerToken(owner.token), 200)
    const run = (await get('/v1/autopilot/runs')).data[0]
    const proposal = (await get('/v1/autopilot/proposals?status=pending')).data[0]
    const inbox = (await get('/v1/autopilot/inbox')).data[0]
    const report = (await get('/v1/autopilot/reports')).data[0]
    assert.exists(run)
    assert.exists(proposal)
    assert.exists(inbox)
    assert.exists(report)

    const stranger = await registerAccount(client, 'apstranger')
    const attempts = [
      client.get(`/v1/autopilot/runs/${run.id}`),
      client.get(`/v1/autopilot/proposals/${proposal.id}`),
      client.post(`/v1/autopilot/proposals/${proposal.id}/approve`).json({}),
      client.post(`/v1/autopilot/proposals/${proposal.id}/reject`).json({}),
      client.get(`/v1/autopilot/inbox/${inbox.id}`),
      client.patch(`/v1/autopilot/inbox/${inbox.id}`).json({ status: 'contacted' }),
      client.get(`/v1/autopilot/reports/${report.id}`),
      client.get('/v1/autopilot/config'),
      client.patch('/v1/autopilot/config').json({ is_active: false }),
      client.post('/v1/autopilot/runs').json({ kind: 'daily' }),
      client.get('/v1/autopilot/runs/not-a-uuid'),
    ]
    for (const attempt of attempts) {
      const response = await attempt.bearerToken(stranger.token)
      assert.equal(response.status(), 404, response.text())
      await assertMatchesSpec(response)
    }
    for (const url of [
      '/v1/autopilot/runs',
      '/v1/autopilot/proposals',
      '/v1/autopilot/inbox',
      '/v1/autopilot/activity',
      '/v1/autopilot/reports',
    ]) {
      const page = await client.get(url).bearerToken(stranger.token)
      page.assertStatus(200)
      assert.deepEqual(page.body().data, [], url)
    }
    const dashboard = await expectStatus(
      client.get('/v1/autopilot/dashboard').bearerToken(stranger.token),
      200
    )
    assert.equal(dashboard.total_leads, 0)
    assert.isNull(dashboard.is_active)
    const monitor = await expectStatus(
      client.get('/v1/autopilot/cron-monitor').bearerToken(stranger.token),
      200
    )
    assert.isTrue(monitor.data.every((row: any) => row.last_run === null && row.queued === null))

    // Nothing of the owner's changed.
    const after = await get(`/v1/autopilot/proposals/${proposal.id}`)
    assert.equal(after.status, 'pending')
    const config = await get('/v1/autopilot/config')
    assert.isTrue(config.is_active)
  })

  test('needs a credential and the autopilot scope', async ({ client }) => {
    const response = await client.get('/v1/autopilot/config')
    response.assertStatus(401)
  })
})
