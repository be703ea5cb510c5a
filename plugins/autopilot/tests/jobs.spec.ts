import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { lastFullWeekStart } from '../services/dates.js'
import { dayFromToday, expectStatus, outboxEvents, setUpWorkspace } from './helpers.js'

test.group('Autopilot: jobs, triggers, reports and the cron monitor', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('the manual trigger runs the day once, however often it is pressed', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'trigger')
    await setUpWorkspace(client, account)
    const first = await client
      .post('/v1/autopilot/runs')
      .bearerToken(account.token)
      .json({ kind: 'daily' })
    first.assertStatus(202)
    await assertMatchesSpec(first)
    assert.equal(first.body().task, 'autopilot/daily_run')
    assert.equal(first.body().date, dayFromToday(0))
    await expectStatus(
      client.post('/v1/autopilot/runs').bearerToken(account.token).json({ kind: 'daily' }),
      202
    )
    const run = await waitFor(async () => {
      const page = await client.get('/v1/autopilot/runs').bearerToken(account.token)
      const found = page
        .body()
        .data.find((row: any) => row.kind === 'daily' && row.status === 'completed')
      return found ?? null
    }, 30_000)
    // Pressed again after it finished: the run row makes it a no-op.
    await expectStatus(
      client.post('/v1/autopilot/runs').bearerToken(account.token).json({ kind: 'daily' }),
      202
    )
    await waitFor(async () => {
      const jobs = await db.rawQuery(
        `select count(*)::int as n from graphile_worker._private_jobs where key like ?`,
        [`${account.personalWorkspaceId}:autopilot_daily:%`]
      )
      return jobs.rows[0].n === 0
    }, 30_000)
    const runs = await client
      .get('/v1/autopilot/runs')
      .bearerToken(account.token)
      .qs({ kind: 'daily' })
    assert.lengthOf(runs.body().data, 1)
    const shown = await client.get(`/v1/autopilot/runs/${run.id}`).bearerToken(account.token)
    await assertMatchesSpec(shown)
    const proposals = await client.get('/v1/autopilot/proposals').bearerToken(account.token)
    const channels = proposals.body().data.map((row: any) => row.channel)
    assert.equal(new Set(channels).size, channels.length, 'one proposal per channel')

    const monitor = await client.get('/v1/autopilot/cron-monitor').bearerToken(account.token)
    monitor.assertStatus(200)
    await assertMatchesSpec(monitor)
    const daily = monitor.body().data.find((row: any) => row.schedule === 'daily')
    assert.equal(daily.last_run.id, run.id)
    assert.equal(daily.last_run.status, 'completed')
    assert.equal(daily.failures_in_a_row, 0)
    assert.isNull(daily.queued)
    assert.isAbove(Date.parse(daily.next_run_at), Date.now())
    assert.equal(new Date(daily.next_run_at).getUTCHours(), 2)
    const weekly = monitor.body().data.find((row: any) => row.schedule === 'weekly')
    assert.equal(new Date(weekly.next_run_at).getUTCDay(), 1)
  })

  test('the weekly report: totals, top channel and significant changes with their confidence, once per week', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'weekly')
    const { campaigns } = await setUpWorkspace(client, account)
    const week = lastFullWeekStart(dayFromToday(0))
    // Last full week, search converted 30 a day instead of 12.
    const metrics = Array.from({ length: 7 }, (_unused, index) => {
      const date = new Date(`${week}T00:00:00Z`)
      date.setUTCDate(date.getUTCDate() + index)
      return {
        metric_type: 'conversions',
        metric_value: 30,
        metric_date: date.toISOString().slice(0, 10),
      }
    })
    await expectStatus(
      client
        .post(`/v1/campaigns/${campaigns.search}/metrics`)
        .bearerToken(account.token)
        .json({ metrics }),
      200
    )
    const queued = await client
      .post('/v1/autopilot/runs')
      .bearerToken(account.token)
      .json({ kind: 'weekly' })
    queued.assertStatus(202)
    assert.equal(queued.body().date, week)
    const report = await waitFor(async () => {
      const page = await client.get('/v1/autopilot/reports').bearerToken(account.token)
      return page.body().data[0] ?? null
    }, 30_000)
    const shown = await client.get(`/v1/autopilot/reports/${report.id}`).bearerToken(account.token)
    await assertMatchesSpec(shown)
    assert.equal(report.week_start_date, week)
    assert.equal(report.top_performing_channel, 'search')
    assert.isAbove(report.total_spend, 1500)
    assert.equal(report.summary.this_week.conversions, 7 * (30 + 3))
    assert.equal(report.summary.previous_week.conversions, 7 * (12 + 3))
    const conversions = report.ai_insights.highlights.find(
      (item: any) => item.metric === 'conversions' && item.scope === 'workspace'
    )
    assert.isAbove(conversions.confidence, 0.99)
    assert.equal(conversions.change_pct, 120)
    const rate = report.ai_insights.highlights.find(
      (item: any) => item.metric === 'conversion_rate' && item.scope === 'search'
    )
    assert.isAbove(rate.confidence, 0.99)
    // Channels whose numbers did not move are not highlighted.
    assert.notExists(
      report.ai_insights.highlights.find(
        (item: any) => item.metric === 'conversion_rate' && item.scope === 'display'
      )
    )
    assert.match(report.ai_insights.sentences[0], /% confidence/)

    await expectStatus(
      client
        .post('/v1/autopilot/runs')
        .bearerToken(account.token)
        .json({ kind: 'weekly', week_start: week }),
      202
    )
    await waitFor(async () => {
      const events = await outboxEvents(account.personalWorkspaceId, 'autopilot.report_ready')
      return events.length === 2
    }, 30_000)
    const reports = await client.get('/v1/autopilot/reports').bearerToken(account.token)
    assert.lengthOf(reports.body().data, 1)
    const [event] = await outboxEvents(account.personalWorkspaceId, 'autopilot.report_ready')
    assert.equal(event.payload.report_id, report.id)
    assert.equal(event.payload.top_performing_channel, 'search')
  })

  test('saving the configuration writes a strategy grounded in the channels’ numbers', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'strategy')
    await setUpWorkspace(client, account, { goals: ['Cost per conversion under 20'] })
    const config = await waitFor(async () => {
      const body = (await client.get('/v1/autopilot/config').bearerToken(account.token)).body()
      return body.ai_strategy?.narrative ? body : null
    }, 30_000)
    const strategy = config.ai_strategy
    assert.equal(strategy.provider, 'local')
    assert.equal(strategy.channels[0].channel, 'search')
    assert.isNull(
      strategy.channels.find((item: any) => item.channel === 'display').cost_per_conversion
    )
    assert.isAbove(strategy.narrative.length, 40)
    // The narrative is drawn from the facts: it names a channel and its numbers.
    assert.match(strategy.narrative, /search|social|display|budget/i)
    assert.deepEqual(strategy.goals, ['Cost per conversion under 20'])
    assert.equal(strategy.pacing.monthly_budget, 12_400)
  })

  test('the cron tasks queue one run per active workspace', async ({ client, assert }) => {
    const account = await registerAccount(client, 'cron')
    await setUpWorkspace(client, account)
    const idle = await registerAccount(client, 'cronidle')
    await setUpWorkspace(client, idle, { is_active: false })
    await db.rawQuery("select graphile_worker.add_job('autopilot/schedule_daily', '{}')")
    await db.rawQuery("select graphile_worker.add_job('autopilot/schedule_weekly', '{}')")
    await waitFor(async () => {
      const runs = await client.get('/v1/autopilot/runs').bearerToken(account.token)
      const kinds = runs
        .body()
        .data.filter((row: any) => row.status === 'completed')
        .map((row: any) => row.kind)
      return kinds.includes('daily') && kinds.includes('weekly')
    }, 60_000)
    const idleRuns = await client.get('/v1/autopilot/runs').bearerToken(idle.token)
    assert.lengthOf(idleRuns.body().data, 0)
  })
})
