import { test } from '@japa/runner'
import { addMember, registerAccount, createWorkspace } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { serviceRows } from '#tests/helpers/service_rows'
import { runDailyAutopilot } from '../services/daily_run.js'
import { daysLeftInMonth } from '../services/dates.js'
import { dayFromToday, expectStatus, jobIdentity, outboxEvents, setUpWorkspace } from './helpers.js'

test.group('Autopilot: approval queue and lead inbox', () => {
  test('an approved proposal is applied exactly once, even approved twice at the same time', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'approve')
    const { campaigns } = await setUpWorkspace(client, account)
    await runDailyAutopilot(jobIdentity(account), dayFromToday(0))
    const pending = await client
      .get('/v1/autopilot/proposals')
      .bearerToken(account.token)
      .qs({ status: 'pending' })
    await assertMatchesSpec(pending)
    const pause = pending.body().data.find((row: any) => row.channel === 'display')
    assert.equal(pause.kind, 'pause_channel')

    const [first, second] = await Promise.all([
      client
        .post(`/v1/autopilot/proposals/${pause.id}/approve`)
        .bearerToken(account.token)
        .json({ note: 'ok' }),
      client
        .post(`/v1/autopilot/proposals/${pause.id}/approve`)
        .bearerToken(account.token)
        .json({}),
    ])
    first.assertStatus(200)
    second.assertStatus(200)
    await assertMatchesSpec(first)
    assert.equal(first.body().status, 'applied')
    assert.equal(first.body().decided_by, account.id)
    assert.isNotNull(first.body().decided_at)
    assert.deepEqual(second.body().applied_at, first.body().applied_at)
    // A later retry answers the applied proposal unchanged.
    const again = await expectStatus(
      client
        .post(`/v1/autopilot/proposals/${pause.id}/approve`)
        .bearerToken(account.token)
        .json({}),
      200
    )
    assert.equal(again.applied_at, first.body().applied_at)

    const display = await expectStatus(
      client.get(`/v1/campaigns/${campaigns.display}`).bearerToken(account.token),
      200
    )
    assert.equal(display.settings.daily_budget, 0)
    const events = await outboxEvents(account.personalWorkspaceId, 'autopilot.action_applied')
    assert.lengthOf(
      events.filter((row: any) => row.payload.proposal_id === pause.id),
      1
    )
    const recorded = await serviceRows(
      `select count(*)::int as n from campaign_performance_monitor m, jsonb_array_elements(m.auto_actions_taken) a
        where m.campaign_id = ?::uuid and a->>'proposal_id' = ?`,
      [campaigns.display, pause.id]
    )
    assert.isAtMost(recorded[0].n, 1)

    // Decided proposals cannot be decided the other way.
    const reject = await client
      .post(`/v1/autopilot/proposals/${pause.id}/reject`)
      .bearerToken(account.token)
      .json({})
    reject.assertStatus(409)
    await assertMatchesSpec(reject)
  })

  test('reject records who and when; members cannot decide; bad input is a 422', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'rejecter')
    const workspace = await createWorkspace(client, owner)
    const member = await registerAccount(client, 'member')
    await addMember(client, owner, workspace.id, member, 'member')
    const account = { ...owner, personalWorkspaceId: workspace.id }
    // Requests go to the shared workspace through the header.
    const as = (request: any, token = owner.token) =>
      request.bearerToken(token).header('x-workspace-id', workspace.id)
    for (const body of [
      { business_description: '', monthly_budget: 100 },
      { business_description: 'x', monthly_budget: -1 },
      { business_description: 'x', monthly_budget: 100, channels: ['a', 'a'] },
    ]) {
      const bad = await as(client.put('/v1/autopilot/config')).json(body)
      bad.assertStatus(422)
      await assertMatchesSpec(bad)
    }
    await expectStatus(
      as(client.put('/v1/autopilot/config')).json({
        business_description: 'Shop',
        monthly_budget: 50 * daysLeftInMonth(dayFromToday(0)),
      }),
      201
    )
    await expectStatus(
      as(client.post('/v1/campaigns')).json({
        name: 'social',
        status: 'active',
        channel: 'social',
        settings: { daily_budget: 100 },
      }),
      201
    )
    const outcome = await runDailyAutopilot(
      { userId: account.id, workspaceId: workspace.id, via: 'job' },
      dayFromToday(0)
    )
    assert.equal(outcome.outcome, 'completed')
    const proposals = await expectStatus(as(client.get('/v1/autopilot/proposals')), 200)
    const proposal = proposals.data[0]
    // Halving is beyond the ±20 % rail: the cut waits for a person.
    assert.equal(proposal.status, 'pending')
    assert.isTrue(proposal.requires_approval)
    assert.equal(proposal.proposed_daily_budget, 50)
    assert.include(proposal.rationale.bounded_by, 'monthly_budget')
    const forbidden = await as(
      client.post(`/v1/autopilot/proposals/${proposal.id}/reject`),
      member.token
    ).json({})
    forbidden.assertStatus(403)
    const rejected = await expectStatus(
      as(client.post(`/v1/autopilot/proposals/${proposal.id}/reject`)).json({ note: 'Not now' }),
      200
    )
    assert.equal(rejected.status, 'rejected')
    assert.equal(rejected.decided_by, owner.id)
    assert.equal(rejected.decision_note, 'Not now')
    const approve = await as(client.post(`/v1/autopilot/proposals/${proposal.id}/approve`)).json({})
    approve.assertStatus(409)
    const badRun = await as(client.post('/v1/autopilot/runs')).json({
      kind: 'daily',
      run_date: '2999-01-01',
    })
    badRun.assertStatus(422)
    const notMonday = await as(client.post('/v1/autopilot/runs')).json({
      kind: 'weekly',
      week_start: '2026-01-06',
    })
    notMonday.assertStatus(422)
    await assertMatchesSpec(notMonday)
  })

  test('inbox leads move forward only, with notes', async ({ client, assert }) => {
    const account = await registerAccount(client, 'inbox')
    await setUpWorkspace(client, account)
    await runDailyAutopilot(jobIdentity(account), dayFromToday(0))
    const inbox = await expectStatus(
      client.get('/v1/autopilot/inbox').bearerToken(account.token).qs({ priority: 'high' }),
      200
    )
    assert.lengthOf(inbox.data, 1)
    const id = inbox.data[0].id
    const contacted = await client
      .patch(`/v1/autopilot/inbox/${id}`)
      .bearerToken(account.token)
      .json({ status: 'qualified', notes: 'Demo booked' })
    contacted.assertStatus(200)
    await assertMatchesSpec(contacted)
    assert.equal(contacted.body().status, 'qualified')
    assert.equal(contacted.body().notes, 'Demo booked')
    const back = await client
      .patch(`/v1/autopilot/inbox/${id}`)
      .bearerToken(account.token)
      .json({ status: 'new' })
    back.assertStatus(409)
    const bad = await client
      .patch(`/v1/autopilot/inbox/${id}`)
      .bearerToken(account.token)
      .json({ status: 'archived' })
    bad.assertStatus(422)
    const shown = await client.get(`/v1/autopilot/inbox/${id}`).bearerToken(account.token)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().status, 'qualified')
  })
})
