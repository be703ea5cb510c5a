import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import db from '@adonisjs/lucid/services/db'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'
import { withService, enqueue } from '#sdk'
import type { ApiClient } from '@japa/api-client'
import { createLead, createRule } from './helpers.js'

const DAY = 86_400_000

const scoreOf = async (client: ApiClient, account: TestAccount, id: string) => {
  const response = await client.get(`/v1/leads/${id}`).bearerToken(account.token)
  response.assertStatus(200)
  return response.body().lead_score as number
}

test.group('Leads: scoring rules', () => {
  test('creates, lists, shows, updates and deletes rules', async ({ client, assert }) => {
    const account = await registerAccount(client, 'rules')
    const rule = await createRule(client, account, {
      rule_name: 'Decision maker',
      conditions: { all: [{ field: 'job_title', op: 'contains', value: 'director' }] },
      score_weight: 20,
    })
    assert.equal(rule.category, 'fit', 'field-only rules default to fit')
    const engaged = await createRule(client, account, {
      rule_name: 'Opens e-mails',
      conditions: { all: [{ activity: 'email_opened', min_count: 2, within_days: 30 }] },
      score_weight: 10,
    })
    assert.equal(engaged.category, 'engagement', 'activity rules default to engagement')

    const list = await client.get('/v1/leads/scoring-rules').bearerToken(account.token)
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((row: { id: string }) => row.id),
      [rule.id, engaged.id]
    )
    const shown = await client.get(`/v1/leads/scoring-rules/${rule.id}`).bearerToken(account.token)
    assert.equal(shown.body().rule_name, 'Decision maker')
    const updated = await client
      .patch(`/v1/leads/scoring-rules/${rule.id}`)
      .bearerToken(account.token)
      .json({ score_weight: 25, is_active: false })
    updated.assertStatus(200)
    assert.equal(updated.body().score_weight, 25)
    assert.isFalse(updated.body().is_active)
    const duplicate = await client
      .post('/v1/leads/scoring-rules')
      .bearerToken(account.token)
      .json({
        rule_name: 'decision MAKER',
        conditions: { any: [{ field: 'phone', op: 'exists' }] },
        score_weight: 1,
      })
    duplicate.assertStatus(409)
    const removed = await client
      .delete(`/v1/leads/scoring-rules/${rule.id}`)
      .bearerToken(account.token)
    removed.assertStatus(204)
    const gone = await client.get(`/v1/leads/scoring-rules/${rule.id}`).bearerToken(account.token)
    gone.assertStatus(404)
    // Every change enqueued a (deduplicated) rescoring of the workspace.
    const jobs = await db.rawQuery(
      `select count(*)::int as n from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'leads/rescore_workspace' and j.key = ?`,
      [`${account.personalWorkspaceId}:leads:rescore`]
    )
    assert.equal(jobs.rows[0].n, 1)
  })

  test('invalid conditions get 422 with the path of each problem', async ({ client, assert }) => {
    const account = await registerAccount(client, 'rules422')
    const attempt = async (conditions: unknown, extra: Record<string, unknown> = {}) => {
      const response = await client
        .post('/v1/leads/scoring-rules')
        .bearerToken(account.token)
        .json({ rule_name: 'r', conditions, score_weight: 5, ...extra })
      response.assertStatus(422)
      return response.body().errors.map((error: { field: string }) => error.field)
    }
    assert.deepEqual(await attempt({}), ['conditions'])
    assert.deepEqual(await attempt({ all: [] }), ['conditions.all'])
    assert.deepEqual(await attempt({ all: [{ field: 'salary', op: 'equals', value: 1 }] }), [
      'conditions.all.0.field',
    ])
    assert.deepEqual(
      await attempt({
        any: [
          { field: 'company', op: 'gt', value: 3 },
          { field: 'tags', op: 'contains', value: 'vip' },
          { activity: 'Email Opened!' },
          { activity: 'email_opened', within_days: 0 },
          { field: 'custom_fields.seats', op: 'gt', value: 'many' },
          { something: true },
          // Dates PostgreSQL cannot store (or that do not exist) used to be saved
          // and then broke every later write of a lead in the workspace.
          { field: 'created_at', op: 'gt', value: '0000-01-01' },
          { field: 'created_at', op: 'lt', value: '2026-02-30' },
        ],
      }),
      [
        'conditions.any.0.op',
        'conditions.any.2.activity',
        'conditions.any.3.within_days',
        'conditions.any.4.value',
        'conditions.any.5',
        'conditions.any.6.value',
        'conditions.any.7.value',
      ]
    )
    assert.deepEqual(
      await attempt({ all: [{ field: 'phone', op: 'exists' }] }, { score_weight: 500 }),
      ['score_weight']
    )
    const rules = await client.get('/v1/leads/scoring-rules').bearerToken(account.token)
    assert.deepEqual(rules.body().data, [])
    const rule = await createRule(client, account, {
      rule_name: 'ok',
      conditions: { all: [{ field: 'phone', op: 'exists' }] },
      score_weight: 5,
    })
    const badPatch = await client
      .patch(`/v1/leads/scoring-rules/${rule.id}`)
      .bearerToken(account.token)
      .json({ conditions: { all: [{ field: 'phone', op: 'lt', value: 3 }] } })
    badPatch.assertStatus(422)
    assert.equal(badPatch.body().errors[0].field, 'conditions.all.0.op')
  })

  test('another workspace gets 404 on rules and sees none', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'rulesowner')
    const stranger = await registerAccount(client, 'rulesstranger')
    const rule = await createRule(client, owner, {
      rule_name: 'Private rule',
      conditions: { all: [{ field: 'phone', op: 'exists' }] },
      score_weight: 5,
    })
    for (const request of [
      client.get(`/v1/leads/scoring-rules/${rule.id}`),
      client.patch(`/v1/leads/scoring-rules/${rule.id}`).json({ score_weight: 1 }),
      client.delete(`/v1/leads/scoring-rules/${rule.id}`),
    ]) {
      const response = await request.bearerToken(stranger.token)
      response.assertStatus(404)
    }
    const viaHeader = await client
      .get('/v1/leads/scoring-rules')
      .bearerToken(stranger.token)
      .header('X-Workspace-Id', owner.personalWorkspaceId)
    viaHeader.assertStatus(404)
    const list = await client.get('/v1/leads/scoring-rules').bearerToken(stranger.token)
    assert.deepEqual(list.body().data, [])
    const still = await client.get(`/v1/leads/scoring-rules/${rule.id}`).bearerToken(owner.token)
    assert.equal(still.body().score_weight, 5)
  })
})

test.group('Leads: scores', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('explains fit and engagement points, with engagement decaying by its half-life', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'explain')
    const fit = await createRule(client, account, {
      rule_name: 'Director at a mid-size company',
      conditions: {
        all: [
          { field: 'job_title', op: 'contains', value: 'Director' },
          { field: 'company_size', op: 'in', value: ['medium', 'enterprise'] },
        ],
      },
      score_weight: 20,
    })
    await createRule(client, account, {
      rule_name: 'Large team',
      conditions: { all: [{ field: 'custom_fields.seats', op: 'gt', value: 100 }] },
      score_weight: 15,
    })
    await createRule(client, account, {
      rule_name: 'Free mail',
      conditions: {
        any: [{ field: 'email_domain', op: 'in', value: ['gmail.test', 'mail.test'] }],
      },
      score_weight: -10,
    })
    const engagement = await createRule(client, account, {
      rule_name: 'Opened twice this month',
      conditions: {
        all: [{ activity: ['email_opened', 'email_clicked'], min_count: 2, within_days: 30 }],
      },
      score_weight: 40,
      half_life_days: 10,
    })
    const lead = await createLead(client, account, {
      email: 'dana@corp.test',
      job_title: 'Marketing director',
      company_size: 'medium',
      custom_fields: { seats: 250 },
    })
    assert.equal(lead.lead_score, 35, 'fit rules apply as soon as the lead is created')
    const other = await createLead(client, account, {
      email: 'someone@gmail.test',
      custom_fields: { seats: 'many' },
    })
    assert.equal(other.lead_score, 0, 'negative points never take a score below 0')

    const occurred = new Date(Date.now() - 10 * DAY).toISOString()
    for (const type of ['email_opened', 'email_clicked']) {
      const response = await client
        .post(`/v1/leads/${lead.id}/activities`)
        .bearerToken(account.token)
        .json({ activity_type: type, occurred_at: occurred, activity_data: { campaign: 'spring' } })
      response.assertStatus(201)
    }
    // Last matching activity is 10 days old with a 10-day half-life: 40 x 0.5 = 20 points.
    assert.equal(await scoreOf(client, account, lead.id), 55)
    const score = await client.get(`/v1/leads/${lead.id}/score`).bearerToken(account.token)
    score.assertStatus(200)
    const body = score.body()
    assert.equal(body.score, 55)
    assert.equal(body.fit_points, 35)
    assert.closeTo(body.engagement_points, 20, 0.05)
    assert.sameMembers(
      body.fit.map((item: { rule_name: string }) => item.rule_name),
      ['Director at a mid-size company', 'Large team']
    )
    const fitItem = body.fit.find((item: { rule_id: string }) => item.rule_id === fit.id)
    assert.equal(fitItem.points, 20)
    assert.lengthOf(body.engagement, 1)
    assert.equal(body.engagement[0].rule_id, engagement.id)
    assert.closeTo(body.engagement[0].decay_factor, 0.5, 0.001)
    assert.closeTo(body.engagement[0].points, 20, 0.05)
    assert.equal(new Date(body.engagement[0].last_activity_at).toISOString(), occurred)

    // Activities outside the window stop counting: the rule no longer matches.
    const old = await createLead(client, account, { email: 'old@corp.test' })
    for (let index = 0; index < 2; index++) {
      await client
        .post(`/v1/leads/${old.id}/activities`)
        .bearerToken(account.token)
        .json({
          activity_type: 'email_opened',
          occurred_at: new Date(Date.now() - 45 * DAY).toISOString(),
        })
    }
    const oldScore = await client.get(`/v1/leads/${old.id}/score`).bearerToken(account.token)
    assert.deepEqual(oldScore.body().engagement, [])
    assert.equal(oldScore.body().score, 0)
  })

  test('scores are clamped to 100', async ({ client, assert }) => {
    const account = await registerAccount(client, 'clamp')
    for (const name of ['a', 'b']) {
      await createRule(client, account, {
        rule_name: `Has a phone ${name}`,
        conditions: { all: [{ field: 'phone', op: 'exists' }] },
        score_weight: 80,
      })
    }
    const lead = await createLead(client, account, { email: 'x@corp.test', phone: '+1 555' })
    assert.equal(lead.lead_score, 100)
    const score = await client.get(`/v1/leads/${lead.id}/score`).bearerToken(account.token)
    assert.equal(score.body().fit_points, 160)
    assert.equal(score.body().score, 100)
  })

  test('a rule change rescores the whole workspace in a job; POST /rescore does too', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'rescore')
    const leads: Array<{ id: string; lead_score: number }> = []
    for (const [index, tags] of [['vip'], [], ['vip', 'emea']].entries()) {
      leads.push(await createLead(client, account, { email: `r${index}@corp.test`, tags }))
    }
    assert.deepEqual(
      leads.map((lead) => lead.lead_score),
      [0, 0, 0]
    )
    const rule = await createRule(client, account, {
      rule_name: 'VIP',
      conditions: { all: [{ field: 'tags', op: 'contains', value: 'VIP' }] },
      score_weight: 50,
    })
    await waitFor(async () => (await scoreOf(client, account, leads[2].id)) === 50)
    assert.equal(await scoreOf(client, account, leads[0].id), 50)
    assert.equal(await scoreOf(client, account, leads[1].id), 0)
    const events = await db
      .from('webhook_events')
      .where({ workspace_id: account.personalWorkspaceId, event_type: 'lead.score_changed' })
    assert.lengthOf(events, 2)

    // Scores that drift without a rule change (decay) are refreshed on request.
    const untouched = await db.from('lead_scores').where('lead_id', leads[2].id).firstOrFail()
    await db.from('lead_scores').where('lead_id', leads[0].id).update({ score: 7 })
    await db.from('leads').where('id', leads[0].id).update({ lead_score: 7 })
    const queued = await client.post('/v1/leads/rescore').bearerToken(account.token)
    queued.assertStatus(202)
    assert.equal(queued.body().status, 'queued')
    await waitFor(async () => (await scoreOf(client, account, leads[0].id)) === 50)
    // Idempotent: the rerun only changed (and reported) the lead that had drifted.
    const after = await db
      .from('webhook_events')
      .where({ workspace_id: account.personalWorkspaceId, event_type: 'lead.score_changed' })
    assert.lengthOf(after, 3)
    // Only the drifted row was rewritten: an unchanged lead keeps its stored explanation.
    const drifted = await db.from('lead_scores').where('lead_id', leads[0].id).firstOrFail()
    assert.equal(drifted.score, 50)
    const kept = await db.from('lead_scores').where('lead_id', leads[2].id).firstOrFail()
    assert.equal(kept.computed_at.getTime(), untouched.computed_at.getTime())
    assert.isAbove(drifted.computed_at.getTime(), untouched.computed_at.getTime())
    assert.deepEqual(after.find((event) => event.payload.previous_score === 7)?.payload, {
      lead_id: leads[0].id,
      previous_score: 7,
      score: 50,
    })

    const deactivated = await client
      .patch(`/v1/leads/scoring-rules/${rule.id}`)
      .bearerToken(account.token)
      .json({ is_active: false })
    deactivated.assertStatus(200)
    await waitFor(async () => (await scoreOf(client, account, leads[2].id)) === 0)
    const explanation = await client
      .get(`/v1/leads/${leads[2].id}/score`)
      .bearerToken(account.token)
    assert.deepEqual(explanation.body().fit, [])
  })

  test('editing a lead rescores it at once and reports status and score changes', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'incremental')
    await createRule(client, account, {
      rule_name: 'Qualified',
      conditions: { all: [{ field: 'status', op: 'equals', value: 'qualified' }] },
      score_weight: 60,
    })
    const lead = await createLead(client, account, { email: 'inc@corp.test' })
    assert.equal(lead.lead_score, 0)
    const updated = await client
      .patch(`/v1/leads/${lead.id}`)
      .bearerToken(account.token)
      .json({ status: 'qualified' })
    updated.assertStatus(200)
    assert.equal(updated.body().lead_score, 60)
    const events = await db
      .from('webhook_events')
      .where('workspace_id', account.personalWorkspaceId)
      .whereLike('event_type', 'lead.%')
      .select('event_type', 'payload')
    const types = events.map((event) => event.event_type).sort()
    assert.deepEqual(types, [
      'lead.created',
      'lead.score_changed',
      'lead.status_changed',
      'lead.updated',
    ])
    const status = events.find((event) => event.event_type === 'lead.status_changed')!
    assert.equal(status.payload.previous_status, 'new')
    assert.equal(status.payload.status, 'qualified')
  })

  test('activities: list newest first, filter by type, 422 on bad input', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'activities')
    const lead = await createLead(client, account, { email: 'act@corp.test' })
    const times = [3, 1, 2].map((days) => new Date(Date.now() - days * DAY).toISOString())
    for (const [index, occurred] of times.entries()) {
      const response = await client
        .post(`/v1/leads/${lead.id}/activities`)
        .bearerToken(account.token)
        .json({
          activity_type: index === 1 ? 'call_scheduled' : 'email_opened',
          occurred_at: occurred,
        })
      response.assertStatus(201)
      assert.equal(response.body().created_by, account.id)
    }
    const list = await client
      .get(`/v1/leads/${lead.id}/activities`)
      .qs({ limit: 2 })
      .bearerToken(account.token)
    list.assertStatus(200)
    assert.deepEqual(
      list
        .body()
        .data.map((row: { occurred_at: string }) => new Date(row.occurred_at).toISOString()),
      [times[1], times[2]]
    )
    const rest = await client
      .get(`/v1/leads/${lead.id}/activities`)
      .qs({ limit: 2, cursor: list.body().next_cursor })
      .bearerToken(account.token)
    assert.lengthOf(rest.body().data, 1)
    const filtered = await client
      .get(`/v1/leads/${lead.id}/activities`)
      .qs({ activity_type: 'call_scheduled' })
      .bearerToken(account.token)
    assert.lengthOf(filtered.body().data, 1)
    for (const body of [
      { activity_type: 'Email Opened' },
      { activity_type: 'email_opened', occurred_at: 'yesterday' },
      { activity_type: 'email_opened', occurred_at: '0000-01-01' },
      { activity_type: 'email_opened', occurred_at: '2026-02-30T10:00:00Z' },
      { activity_type: 'email_opened', occurred_at: new Date(Date.now() + 3 * DAY).toISOString() },
      { activity_type: 'email_opened', activity_data: 'text' },
    ]) {
      const response = await client
        .post(`/v1/leads/${lead.id}/activities`)
        .bearerToken(account.token)
        .json(body)
      response.assertStatus(422)
    }
  })
})

test.group('Leads: nightly rescoring', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('the cron task refreshes decayed engagement scores in every workspace', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'nightly')
    await createRule(client, account, {
      rule_name: 'Clicked',
      conditions: { all: [{ activity: 'email_clicked' }] },
      score_weight: 80,
      half_life_days: 7,
    })
    const lead = await createLead(client, account, { email: 'decay@corp.test' })
    const added = await client
      .post(`/v1/leads/${lead.id}/activities`)
      .bearerToken(account.token)
      .json({ activity_type: 'email_clicked' })
    added.assertStatus(201)
    assert.equal(await scoreOf(client, account, lead.id), 80)
    // A week passes: move the activity back 7 days (one half-life).
    await db
      .from('lead_activities')
      .where('lead_id', lead.id)
      .update({ occurred_at: new Date(Date.now() - 7 * DAY) })
    assert.equal(await scoreOf(client, account, lead.id), 80, 'stored until rescored')
    await withService(() => enqueue('leads/nightly_rescore'))
    await waitFor(async () => (await scoreOf(client, account, lead.id)) === 40, 30_000)
    const explanation = await client.get(`/v1/leads/${lead.id}/score`).bearerToken(account.token)
    assert.closeTo(explanation.body().engagement[0].decay_factor, 0.5, 0.001)
  })
})
