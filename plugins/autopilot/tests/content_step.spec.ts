import { test } from '@japa/runner'
import { isPluginEnabled } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { serviceRows } from '#tests/helpers/service_rows'
import type { ApiClient } from '@japa/api-client'
import { runDailyAutopilot } from '../services/daily_run.js'
import { comingWeekStart, contentTypeOf, planWeeklyContent } from '../services/content_step.js'
import { addDays } from '../services/dates.js'
import { dayFromToday, expectStatus, jobIdentity, MARKET, setUpWorkspace } from './helpers.js'

/** The workspace's calendar entries (read past RLS: the content API may not exist here). */
function calendarRows(workspaceId: string) {
  return serviceRows(
    `select id, title, description, status, content_type, platform, campaign_id,
        scheduled_date, content_data, metadata
      from content_calendar where workspace_id = ?::uuid order by platform, scheduled_date`,
    [workspaceId]
  )
}

/** The autopilot's activity of some types, through the API. */
async function activityOf(client: ApiClient, account: TestAccount, type: string) {
  const page = await expectStatus(
    client.get('/v1/autopilot/activity').bearerToken(account.token).qs({ activity_type: type }),
    200
  )
  return page.data as any[]
}

/** Monday-first weekday of a YYYY-MM-DD day. */
const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7

/** The weekday with the most clicks of a MARKET channel over the 28 days before today (ties: earliest). */
function bestClickWeekday(clicks: number) {
  const byWeekday = Array(7).fill(0)
  for (let age = 1; age <= 28; age++) {
    byWeekday[weekdayOf(dayFromToday(-age))] += Math.round(clicks * (1 + ((age % 5) - 2) * 0.05))
  }
  return byWeekday.indexOf(Math.max(...byWeekday))
}

test.group('Autopilot: step 4 proposes the coming week’s content', () => {
  test('a daily run drafts one entry per converting channel and goal, grounded in its numbers, once', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'apcontent')
    const { campaigns } = await setUpWorkspace(client, account, {
      goals: ['More demo requests'],
    })
    const today = dayFromToday(0)
    assert.equal((await runDailyAutopilot(jobIdentity(account), today)).outcome, 'completed')
    const run = (await client.get('/v1/autopilot/runs').bearerToken(account.token)).body().data[0]
    assert.deepEqual(run.steps_done, ['metrics', 'budget', 'leads', 'content'])

    if (!(await isPluginEnabled('content'))) {
      // Content disabled: the step proposes nothing, touches no content table, and says why.
      assert.equal(run.summary.content.proposed, 0)
      assert.match(run.summary.content.note, /content plugin is not enabled/)
      assert.lengthOf(await activityOf(client, account, 'content_proposed'), 0)
      return
    }

    const week = comingWeekStart(today)
    assert.equal(weekdayOf(week), 0)
    assert.isTrue(week > today && week <= addDays(today, 7))
    const entries = await calendarRows(account.personalWorkspaceId)
    // display spent for 28 days without a conversion: no content for it.
    assert.deepEqual(
      entries.map((row) => [row.platform, row.content_type, row.status, row.campaign_id]),
      [
        ['search', 'ad', 'draft', campaigns.search],
        ['social', 'social', 'draft', campaigns.social],
      ]
    )
    assert.deepEqual(run.summary.content.skipped_channels, [
      { channel: 'display', cost: run.summary.content.skipped_channels[0].cost, conversions: 0 },
    ])
    for (const row of entries) {
      const market = MARKET.find((item) => item.channel === row.platform)!
      const grounds = row.content_data.autopilot
      const day = new Date(row.scheduled_date).toISOString().slice(0, 10)
      assert.equal(new Date(row.scheduled_date).toISOString().slice(11, 16), '09:00')
      assert.isTrue(day >= week && day < addDays(week, 7), day)
      // Every weekday converts the same here, so the day with the most clicks wins.
      assert.equal(weekdayOf(day), bestClickWeekday(market.clicks))
      assert.equal(grounds.conversions, market.conversions * 28)
      assert.equal(grounds.goal, 'More demo requests')
      assert.equal(grounds.rank, row.platform === 'search' ? 1 : 2)
      assert.include(row.title, 'More demo requests')
      assert.include(row.description, `${market.conversions * 28} conversions`)
      assert.equal(row.metadata.source, 'autopilot')
      assert.equal(
        row.metadata.proposal_key,
        `autopilot:${week}:${row.platform}:more-demo-requests`
      )
      assert.equal(row.metadata.autopilot_run_id, run.id)
    }
    const search = entries[0].content_data.autopilot
    assert.approximately(search.cost_per_conversion, search.cost / search.conversions, 0.01)

    // Each proposal is in the activity log, pointing at its entry.
    const logged = await activityOf(client, account, 'content_proposed')
    assert.sameMembers(
      logged.map((row) => row.entity_id),
      entries.map((row) => row.id)
    )
    assert.isTrue(logged.every((row) => row.entity_type === 'content_calendar_entry'))
    assert.isTrue(logged.every((row) => row.impact_metrics.grounds.conversions > 0))

    // A second trigger of the day does nothing; another day's run for the same week finds the
    // proposals in the calendar and does not create them twice.
    assert.equal(
      (await runDailyAutopilot(jobIdentity(account), today)).outcome,
      'already_completed'
    )
    const sameWeek = weekdayOf(today) === 6 ? addDays(today, -1) : addDays(today, 1)
    assert.equal(comingWeekStart(sameWeek), week)
    assert.equal((await runDailyAutopilot(jobIdentity(account), sameWeek)).outcome, 'completed')
    const again = await calendarRows(account.personalWorkspaceId)
    assert.deepEqual(
      again.map((row) => row.id),
      entries.map((row) => row.id)
    )
    const second = (await client.get('/v1/autopilot/runs').bearerToken(account.token))
      .body()
      .data.find((row: any) => row.run_date === sameWeek)
    assert.equal(second.summary.content.proposed, 0)
    assert.equal(second.summary.content.already_proposed, 2)
    assert.lengthOf(await activityOf(client, account, 'content_proposed'), 2)

    // The drafts are visible through the content API, awaiting approval.
    const listed = await expectStatus(
      client.get('/v1/content/calendar/entries').bearerToken(account.token).qs({ status: 'draft' }),
      200
    )
    assert.sameMembers(
      listed.data.map((row: any) => row.id),
      entries.map((row) => row.id)
    )
  })

  test('dry run plans the entries and creates none; the kill switch stops the run before step 4', async ({
    client,
    assert,
  }) => {
    const enabled = await isPluginEnabled('content')
    const dry = await registerAccount(client, 'apcontentdry')
    await setUpWorkspace(client, dry, { dry_run: true })
    assert.equal((await runDailyAutopilot(jobIdentity(dry), dayFromToday(0))).outcome, 'completed')
    if (enabled) assert.lengthOf(await calendarRows(dry.personalWorkspaceId), 0)
    const planned = await activityOf(client, dry, 'content_dry_run')
    if (enabled) {
      assert.lengthOf(planned, 1)
      assert.match(planned[0].activity_description, /^Dry run: would propose 2 draft/)
      assert.deepEqual(
        planned[0].metadata.entries.map((entry: any) => [entry.channel, entry.id]),
        [
          ['search', null],
          ['social', null],
        ]
      )
    } else assert.lengthOf(planned, 0)

    const killed = await registerAccount(client, 'apcontentkill')
    await setUpWorkspace(client, killed)
    const result = await runDailyAutopilot(jobIdentity(killed), dayFromToday(0), {
      afterStep: async (step) => {
        if (step !== 'leads') return
        await expectStatus(
          client.patch('/v1/autopilot/config').bearerToken(killed.token).json({ is_active: false }),
          200
        )
      },
    })
    const run = (await client.get('/v1/autopilot/runs').bearerToken(killed.token)).body().data[0]
    if (enabled) {
      // With content enabled, step 4 has its own transaction: the switch stops the run before it.
      assert.equal(result.outcome, 'stopped')
      assert.deepEqual(run.steps_done, ['metrics', 'budget', 'leads'])
      assert.equal(run.summary.stopped_before, 'content')
      assert.lengthOf(await calendarRows(killed.personalWorkspaceId), 0)
    } else {
      // Without it, the (empty) step shares the leads step's transaction.
      assert.equal(result.outcome, 'completed')
    }
    assert.lengthOf(await activityOf(client, killed, 'content_proposed'), 0)
  })

  test('the plan: configured channels only, one entry per goal on the next best days, staggered without data', ({
    assert,
  }) => {
    const runDate = '2026-12-09'
    const metrics = ['2026-12-01', '2026-12-02', '2026-12-03'].flatMap((day, index) => [
      {
        channel: 'linkedin',
        day,
        impressions: 0,
        clicks: 10,
        conversions: [1, 5, 3][index],
        cost: 20,
        revenue: 0,
      },
      { channel: 'search', day, impressions: 0, clicks: 50, conversions: 9, cost: 30, revenue: 0 },
    ])
    const active = ['linkedin', 'search', 'newsletter', 'unspecified'].map((channel) => ({
      channel,
      campaigns: 1,
      auto_managed_campaigns: 0,
      daily_budget: 10,
    }))
    const plan = planWeeklyContent({
      runDate,
      runId: 'run',
      goals: ['Book demos', 'Grow the list'],
      managedChannels: ['LinkedIn', 'newsletter'],
      active,
      metrics,
      campaigns: [
        {
          id: 'c1',
          name: 'Q4 push',
          channel: 'linkedin',
          status: 'active',
          primary_objective: null,
        },
      ],
    })
    assert.equal(plan.week_start, '2026-12-14')
    assert.deepEqual(
      plan.proposals.map((item) => [
        item.platform,
        item.content_type,
        item.scheduled_date,
        item.campaign_id,
      ]),
      [
        // linkedin converted 9 for 60: rank 1. Best days: Wednesday (5), Thursday (3), Tuesday (1).
        ['linkedin', 'social', '2026-12-16T09:00:00.000Z', 'c1'],
        ['linkedin', 'social', '2026-12-17T09:00:00.000Z', 'c1'],
        // newsletter has no numbers: staggered by its rank (2) from Tuesday on.
        ['newsletter', 'email', '2026-12-15T09:00:00.000Z', null],
        ['newsletter', 'email', '2026-12-16T09:00:00.000Z', null],
      ]
    )
    assert.include(plan.proposals[0].description!, '9 conversions from 30 clicks for 60 spent')
    assert.deepEqual(plan.skipped_channels, [])
    assert.equal(contentTypeOf('google_search'), 'ad')
    assert.equal(contentTypeOf('YouTube'), 'video')
    assert.equal(contentTypeOf('print'), 'other')
  })
})
