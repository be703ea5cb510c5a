import { workerCrontab } from '#tests/helpers/worker'
import { test } from '@japa/runner'
import { serviceRows } from '#tests/helpers/service_rows'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { parseCrontab } from 'graphile-worker'
import { enqueue, withService, rawQuery } from '#sdk'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'

/** A session with one exchange; returns the message. */
async function exchange(client: ApiClient, as: (r: ApiRequest) => ApiRequest, agent?: string) {
  const session = await as(client.post('/v1/chat/sessions')).json({})
  const message = await as(client.post(`/v1/chat/sessions/${session.body().id}/messages`)).json({
    content: 'Draft a subject line',
    ...(agent ? { agent_type: agent } : {}),
  })
  message.assertStatus(201)
  return message.body() as { id: string; session_id: string; ai_response: unknown }
}

async function learningRows(workspaceId: string) {
  return serviceRows(
    'select * from agent_learning_data where workspace_id = ? order by agent_type',
    [workspaceId]
  )
}

test.group('Copilot chat / feedback', () => {
  test('feedback on a message fills in its session and response; own feedback is listed', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'feedback')
    const as = (request: ApiRequest) => request.bearerToken(account.token)
    const message = await exchange(client, as)
    const created = await as(client.post('/v1/chat/feedback')).json({
      interaction_type: 'edit',
      message_id: message.id,
      user_modification: { content: 'A better subject' },
      feedback_score: 4,
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().session_id, message.session_id)
    assert.deepEqual(created.body().original_suggestion, message.ai_response)
    assert.equal(created.body().context_data.agent_type, 'copilot')

    const free = await as(client.post('/v1/chat/feedback')).json({
      interaction_type: 'reject',
      original_suggestion: { headline: 'Buy now' },
      context_data: { campaign: 'spring', agent_type: 'content' },
    })
    free.assertStatus(201)
    assert.isNull(free.body().session_id)

    const list = await as(client.get('/v1/chat/feedback'))
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.lengthOf(list.body().data, 2)
    const rejects = await as(client.get('/v1/chat/feedback')).qs({ interaction_type: 'reject' })
    assert.lengthOf(rejects.body().data, 1)
  })

  test('invalid feedback is 422 (type, rating 1-5, edit without change, nothing to rate)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'badfeedback')
    const as = (request: ApiRequest) => request.bearerToken(account.token)
    const message = await exchange(client, as)
    const cases: [Record<string, unknown>, string][] = [
      [{ interaction_type: 'like', message_id: message.id }, 'interaction_type'],
      [
        { interaction_type: 'approve', message_id: message.id, feedback_score: 0 },
        'feedback_score',
      ],
      [
        { interaction_type: 'approve', message_id: message.id, feedback_score: 6 },
        'feedback_score',
      ],
      [
        { interaction_type: 'approve', message_id: message.id, feedback_score: 3.5 },
        'feedback_score',
      ],
      [{ interaction_type: 'edit', message_id: message.id }, 'user_modification'],
      [{ interaction_type: 'approve' }, 'original_suggestion'],
      [{ interaction_type: 'approve', message_id: 'nope' }, 'message_id'],
      [{ interaction_type: 'approve', original_suggestion: {}, context_data: [] }, 'context_data'],
    ]
    for (const [body, field] of cases) {
      const response = await as(client.post('/v1/chat/feedback')).json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    assert.lengthOf((await as(client.get('/v1/chat/feedback'))).body().data, 0)
  })

  test("another user's message or session, or another workspace, is 404", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'fbowner')
    const colleague = await registerAccount(client, 'fbcolleague')
    const team = await createWorkspace(client, owner)
    await addMember(client, owner, team.id, colleague, 'member')
    const inTeam = (account: TestAccount) => (request: ApiRequest) =>
      request.bearerToken(account.token).header('x-workspace-id', team.id)
    const message = await exchange(client, inTeam(owner))
    for (const body of [
      { interaction_type: 'approve', message_id: message.id },
      { interaction_type: 'approve', session_id: message.session_id, original_suggestion: 'x' },
    ]) {
      ;(await inTeam(colleague)(client.post('/v1/chat/feedback')).json(body)).assertStatus(404)
    }
    const stranger = await registerAccount(client, 'fbstranger')
    ;(
      await client
        .post('/v1/chat/feedback')
        .bearerToken(stranger.token)
        .header('x-workspace-id', team.id)
        .json({ interaction_type: 'approve', message_id: message.id })
    ).assertStatus(404)
    ;(
      await client
        .get('/v1/chat/feedback')
        .bearerToken(stranger.token)
        .header('x-workspace-id', team.id)
    ).assertStatus(404)
    await inTeam(owner)(client.post('/v1/chat/feedback')).json({
      interaction_type: 'approve',
      message_id: message.id,
    })
    const colleagueList = await inTeam(colleague)(client.get('/v1/chat/feedback'))
    assert.lengthOf(colleagueList.body().data, 0, 'feedback is private to its author')
  })
})

test.group('Copilot chat / learning job', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('admins queue the aggregation; the worker summarises feedback per agent, idempotently', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'learnowner')
    const member = await registerAccount(client, 'learnmember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, member, 'member')
    const inTeam = (account: TestAccount) => (request: ApiRequest) =>
      request.bearerToken(account.token).header('x-workspace-id', workspace.id)

    const audience = await exchange(client, inTeam(member), 'audience')
    const copilot = await exchange(client, inTeam(owner))
    const give = (account: TestAccount, body: Record<string, unknown>) =>
      inTeam(account)(client.post('/v1/chat/feedback')).json(body)
    await give(member, { interaction_type: 'approve', message_id: audience.id })
    await give(member, { interaction_type: 'reject', message_id: audience.id })
    await give(member, {
      interaction_type: 'edit',
      message_id: audience.id,
      user_modification: 'x',
      feedback_score: 5,
    })
    await give(owner, { interaction_type: 'regenerate', message_id: copilot.id, feedback_score: 2 })

    ;(await inTeam(member)(client.post('/v1/chat/learning/aggregate'))).assertStatus(403)
    ;(await inTeam(member)(client.get('/v1/chat/learning'))).assertStatus(403)
    const queued = await inTeam(owner)(client.post('/v1/chat/learning/aggregate'))
    queued.assertStatus(202)
    await assertMatchesSpec(queued)

    const rows = (await waitFor(async () => {
      const found = await learningRows(workspace.id)
      return found.length === 2 ? found : null
    }))!
    const byAgent = Object.fromEntries(rows.map((row) => [row.agent_type, row]))
    assert.equal(byAgent.audience.usage_count, 3)
    assert.deepEqual(byAgent.audience.pattern_data.counts, {
      approve: 1,
      edit: 1,
      regenerate: 0,
      reject: 1,
    })
    // approve 1, reject 0, edit rated 5 -> 1: mean 2/3.
    assert.closeTo(byAgent.audience.success_rate, 0.6667, 0.0001)
    assert.closeTo(byAgent.audience.confidence_score, 3 / 13, 0.0001)
    assert.equal(byAgent.audience.pattern_data.rated, 1)
    assert.equal(byAgent.copilot.usage_count, 1)
    assert.closeTo(byAgent.copilot.success_rate, 0.25, 0.0001)

    const listed = await inTeam(owner)(client.get('/v1/chat/learning'))
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.deepEqual(
      listed.body().data.map((row: { agent_type: string }) => row.agent_type),
      ['audience', 'copilot']
    )

    // Running it again with no new feedback changes nothing (not even last_updated).
    const jobId = (await inTeam(owner)(client.post('/v1/chat/learning/aggregate'))).body().job_id
    await waitFor(async () => {
      const job = await db.rawQuery('select 1 from graphile_worker._private_jobs where id = ?', [
        jobId,
      ])
      return job.rows.length === 0
    })
    const again = await learningRows(workspace.id)
    assert.deepEqual(
      again.map((row) => [row.id, new Date(row.last_updated).getTime(), row.usage_count]),
      rows.map((row) => [row.id, new Date(row.last_updated).getTime(), row.usage_count])
    )

    // Members see none of it; other workspaces get 404.
    const stranger = await registerAccount(client, 'learnstranger')
    ;(
      await client
        .get('/v1/chat/learning')
        .bearerToken(stranger.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)
  })

  test('the daily cron run covers every workspace and drops summaries whose feedback is gone', async ({
    client,
    assert,
  }) => {
    const crontab = parseCrontab(await workerCrontab())
    assert.isTrue(crontab.some((item) => item.task === 'core/aggregate_agent_learning'))

    const first = await registerAccount(client, 'cronone')
    const second = await registerAccount(client, 'crontwo')
    for (const account of [first, second]) {
      const as = (request: ApiRequest) => request.bearerToken(account.token)
      const message = await exchange(client, as, 'channel')
      await as(client.post('/v1/chat/feedback')).json({
        interaction_type: 'approve',
        message_id: message.id,
      })
    }
    // What the cron does: the task with no tenant, i.e. all workspaces.
    await withService(() => enqueue('core/aggregate_agent_learning'))
    await waitFor(async () => {
      const rows = await Promise.all(
        [first, second].map((account) => learningRows(account.personalWorkspaceId))
      )
      return rows.every((found) => found.length === 1) ? rows : null
    })

    await withService(({ trx }) =>
      rawQuery(trx, 'delete from ai_interaction_feedback where workspace_id = ?', [
        first.personalWorkspaceId,
      ])
    )
    await withService(() => enqueue('core/aggregate_agent_learning'))
    await waitFor(async () => (await learningRows(first.personalWorkspaceId)).length === 0)
    assert.lengthOf(await learningRows(second.personalWorkspaceId), 1)
  })
})
