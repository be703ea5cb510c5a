import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { serviceRows } from '#tests/helpers/service_rows'
import { recordRunFailure, runDailyAutopilot } from '../services/daily_run.js'
import { dayFromToday, expectStatus, jobIdentity, outboxEvents, setUpWorkspace } from './helpers.js'

/** The campaigns' daily budgets by channel, read through the API. */
async function dailyBudgets(client: any, token: string) {
  const page = await expectStatus(client.get('/v1/campaigns').bearerToken(token), 200)
  return Object.fromEntries(
    page.data.map((row: any) => [row.channel, row.settings.daily_budget])
  ) as Record<string, number>
}

test.group('Autopilot: daily run', () => {
  test('a full run reviews metrics, proposes and auto-applies budgets, triages leads and logs it all', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'autopilot')
    const { campaigns, leads } = await setUpWorkspace(client, account)
    const today = dayFromToday(0)
    const result = await runDailyAutopilot(jobIdentity(account), today)
    assert.equal(result.outcome, 'completed')

    const runs = await client.get('/v1/autopilot/runs').bearerToken(account.token)
    await assertMatchesSpec(runs)
    const run = runs.body().data[0]
    assert.equal(run.status, 'completed')
    assert.deepEqual(run.steps_done, ['metrics', 'budget', 'leads', 'content'])
    assert.equal(run.run_date, today)
    assert.equal(run.summary.metrics.day, dayFromToday(-1))
    assert.isAbove(run.summary.metrics.monitored.scored, 0)

    const proposals = await client.get('/v1/autopilot/proposals').bearerToken(account.token)
    await assertMatchesSpec(proposals)
    const byChannel = Object.fromEntries(
      proposals.body().data.map((row: any) => [row.channel, row])
    )
    // search converts best: it grows, by at most 20 %, and is applied (only auto-managed campaigns).
    assert.equal(byChannel.search.status, 'applied')
    assert.isFalse(byChannel.search.requires_approval)
    assert.isAbove(byChannel.search.proposed_daily_budget, 100)
    assert.isAtMost(byChannel.search.proposed_daily_budget, 120)
    assert.isNull(byChannel.search.decided_by)
    // display spent for 14 days without a conversion: a pause, waiting for approval.
    assert.equal(byChannel.display.kind, 'pause_channel')
    assert.equal(byChannel.display.status, 'pending')
    assert.isTrue(byChannel.display.requires_approval)
    assert.equal(byChannel.display.rationale.conversions_last_14_days, 0)

    const budgets = await dailyBudgets(client, account.token)
    assert.equal(budgets.search, byChannel.search.proposed_daily_budget)
    assert.equal(budgets.display, 100)
    // The applied change is recorded in the campaign's auto_actions_taken (its latest measurement).
    const measured = await expectStatus(
      client.get(`/v1/campaigns/${campaigns.search}/performance`).bearerToken(account.token),
      200
    )
    const actions = measured.data[0].auto_actions_taken
    assert.lengthOf(actions, 1)
    assert.equal(actions[0].proposal_id, byChannel.search.id)
    assert.equal(actions[0].channel_daily_budget_after, byChannel.search.proposed_daily_budget)

    const inbox = await client.get('/v1/autopilot/inbox').bearerToken(account.token)
    await assertMatchesSpec(inbox)
    assert.sameMembers(
      inbox.body().data.map((row: any) => row.lead_id),
      leads
    )
    const ada = inbox.body().data.find((row: any) => row.full_name === 'Ada Tester')
    assert.equal(ada.priority, 'high')
    assert.equal(ada.score, 80)
    assert.include(ada.suggested_action, 'Decision maker')
    assert.equal(ada.status, 'new')
    const grace = inbox.body().data.find((row: any) => row.full_name === 'Grace Tester')
    assert.equal(grace.priority, 'low')

    const activity = await client.get('/v1/autopilot/activity').bearerToken(account.token)
    await assertMatchesSpec(activity)
    const types = activity.body().data.map((row: any) => row.activity_type)
    for (const type of [
      'metrics_reviewed',
      'campaigns_monitored',
      'budget_applied',
      'pause_proposed',
      'leads_triaged',
      'daily_run_completed',
    ]) {
      assert.include(types, type)
    }
    const applied = activity
      .body()
      .data.find(
        (row: any) =>
          row.activity_type === 'budget_applied' && row.entity_id === byChannel.search.id
      )
    assert.equal(applied.impact_metrics.before.daily_budget, 100)
    assert.equal(applied.impact_metrics.after.daily_budget, byChannel.search.proposed_daily_budget)
    const triaged = activity.body().data.find((row: any) => row.activity_type === 'leads_triaged')
    assert.equal(
      triaged.impact_metrics.after.inbox_leads - triaged.impact_metrics.before.inbox_leads,
      3
    )
    const reviewed = activity
      .body()
      .data.find((row: any) => row.activity_type === 'metrics_reviewed')
    assert.isAbove(reviewed.impact_metrics.cost, 250)

    const created = await outboxEvents(account.personalWorkspaceId, 'autopilot.proposal_created')
    assert.includeMembers(
      created.map((row: any) => row.payload.proposal_id),
      [byChannel.display.id]
    )
    const appliedEvents = await outboxEvents(
      account.personalWorkspaceId,
      'autopilot.action_applied'
    )
    assert.deepEqual(
      appliedEvents
        .map((row: any) => row.payload.proposal_id)
        .filter((id: string) => id === byChannel.search.id),
      [byChannel.search.id]
    )

    const dashboard = await client.get('/v1/autopilot/dashboard').bearerToken(account.token)
    await assertMatchesSpec(dashboard)
    assert.equal(dashboard.body().total_leads, 3)
    assert.equal(dashboard.body().is_active, true)
    assert.isAtLeast(dashboard.body().pending_approvals, 1)
  })

  test('the kill switch stops a run in progress at its next step', async ({ client, assert }) => {
    const account = await registerAccount(client, 'killswitch')
    await setUpWorkspace(client, account)
    const before = await dailyBudgets(client, account.token)
    const result = await runDailyAutopilot(jobIdentity(account), dayFromToday(0), {
      afterStep: async (step) => {
        if (step === 'metrics') {
          await expectStatus(
            client
              .patch('/v1/autopilot/config')
              .bearerToken(account.token)
              .json({ is_active: false }),
            200
          )
        }
      },
    })
    assert.equal(result.outcome, 'stopped')
    const run = (await client.get('/v1/autopilot/runs').bearerToken(account.token)).body().data[0]
    assert.equal(run.status, 'stopped')
    assert.deepEqual(run.steps_done, ['metrics'])
    assert.equal(run.summary.stopped_before, 'budget')
    const proposals = await client.get('/v1/autopilot/proposals').bearerToken(account.token)
    assert.lengthOf(proposals.body().data, 0)
    const inbox = await client.get('/v1/autopilot/inbox').bearerToken(account.token)
    assert.lengthOf(inbox.body().data, 0)
    assert.deepEqual(await dailyBudgets(client, account.token), before)
    const stopped = await client
      .get('/v1/autopilot/activity')
      .bearerToken(account.token)
      .qs({ activity_type: 'run_stopped' })
    assert.lengthOf(stopped.body().data, 1)
    // An inactive autopilot cannot be triggered by hand either.
    const trigger = await client
      .post('/v1/autopilot/runs')
      .bearerToken(account.token)
      .json({ kind: 'daily' })
    trigger.assertStatus(409)
    await assertMatchesSpec(trigger)
  })

  test('dry run records what it would do and changes nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'dryrun')
    const { campaigns } = await setUpWorkspace(client, account, { dry_run: true })
    const before = await dailyBudgets(client, account.token)
    const result = await runDailyAutopilot(jobIdentity(account), dayFromToday(0))
    assert.equal(result.outcome, 'completed')
    assert.deepEqual(await dailyBudgets(client, account.token), before)
    assert.lengthOf(
      (await client.get('/v1/autopilot/proposals').bearerToken(account.token)).body().data,
      0
    )
    assert.lengthOf(
      (await client.get('/v1/autopilot/inbox').bearerToken(account.token)).body().data,
      0
    )
    const performance = await client
      .get(`/v1/campaigns/${campaigns.search}/performance`)
      .bearerToken(account.token)
    assert.lengthOf(performance.body().data, 0)
    const activity = (await client.get('/v1/autopilot/activity').bearerToken(account.token)).body()
      .data
    const wouldBe = activity.find((row: any) => row.activity_type === 'budget_dry_run')
    assert.isTrue(wouldBe.metadata.dry_run)
    assert.isAbove(wouldBe.metadata.decisions.length, 0)
    const leads = activity.find((row: any) => row.activity_type === 'leads_triage_dry_run')
    assert.equal(leads.metadata.by_priority.high, 1)
    const config = await expectStatus(
      client.get('/v1/autopilot/config').bearerToken(account.token),
      200
    )
    assert.isNull(config.last_optimized_at)
    assert.lengthOf(await outboxEvents(account.personalWorkspaceId, 'autopilot.action_applied'), 0)
  })

  test('a retried or doubly triggered run applies nothing twice', async ({ client, assert }) => {
    const account = await registerAccount(client, 'retry')
    await setUpWorkspace(client, account)
    const today = dayFromToday(0)
    // The first attempt dies after the budget step (a worker crash, a lost connection).
    await assert.rejects(
      () =>
        runDailyAutopilot(jobIdentity(account), today, {
          afterStep: async (step) => {
            if (step === 'budget') throw new Error('worker died')
          },
        }),
      'worker died'
    )
    const proposalsAfterCrash = (
      await client.get('/v1/autopilot/proposals').bearerToken(account.token)
    ).body().data
    const budgetsAfterCrash = await dailyBudgets(client, account.token)
    // The job records the failed attempt (its last one here): the cron monitor shows it.
    await recordRunFailure(jobIdentity(account), 'daily', today, new Error('worker died'), true)
    const failing = await expectStatus(
      client.get('/v1/autopilot/cron-monitor').bearerToken(account.token),
      200
    )
    const daily = failing.data.find((row: any) => row.schedule === 'daily')
    assert.equal(daily.last_run.status, 'failed')
    assert.equal(daily.last_error, 'worker died')
    assert.equal(daily.failures_in_a_row, 1)
    // The retry resumes at the leads step; a second trigger of the day does nothing.
    assert.equal((await runDailyAutopilot(jobIdentity(account), today)).outcome, 'completed')
    assert.equal(
      (await runDailyAutopilot(jobIdentity(account), today)).outcome,
      'already_completed'
    )
    const proposals = (
      await client.get('/v1/autopilot/proposals').bearerToken(account.token)
    ).body().data
    assert.deepEqual(
      proposals.map((row: any) => [row.id, row.status]),
      proposalsAfterCrash.map((row: any) => [row.id, row.status])
    )
    assert.deepEqual(await dailyBudgets(client, account.token), budgetsAfterCrash)
    const run = (await client.get('/v1/autopilot/runs').bearerToken(account.token)).body().data
    assert.lengthOf(run, 1)
    assert.equal(run[0].status, 'completed')
    assert.equal(run[0].attempts, 1)
    assert.isNull(run[0].last_error)
    assert.deepEqual(run[0].steps_done, ['metrics', 'budget', 'leads', 'content'])
    const applied = await outboxEvents(account.personalWorkspaceId, 'autopilot.action_applied')
    assert.equal(applied.length, proposals.filter((row: any) => row.status === 'applied').length)
    const auto = await serviceRows(
      `select count(*)::int as n from campaign_performance_monitor m, jsonb_array_elements(m.auto_actions_taken) a
        where m.workspace_id = ?::uuid`,
      [account.personalWorkspaceId]
    )
    assert.equal(auto[0].n, applied.length)
  })
})
