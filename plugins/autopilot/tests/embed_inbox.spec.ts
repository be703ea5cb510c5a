import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { serviceRows } from '#tests/helpers/service_rows'
import { runDailyAutopilot } from '../services/daily_run.js'
import { dayFromToday, expectStatus, jobIdentity, outboxEvents, setUpWorkspace } from './helpers.js'

const APP = 'https://app.vendor.example.test'

/** A workspace after one daily run (proposals and inbox leads), with a key and a secret key. */
async function inboxWorkspace(client: ApiClient, name: string) {
  const account = await registerAccount(client, name)
  const { campaigns } = await setUpWorkspace(client, account)
  await runDailyAutopilot(jobIdentity(account), dayFromToday(0))
  const workspaceId = account.personalWorkspaceId
  const key = await createEmbedKey(client, account, workspaceId, {
    allowed_origins: [APP],
    capabilities: ['autopilot:inbox'],
  })
  const secret = await createEmbedSecretKey(client, account, workspaceId)
  return { account, workspaceId, campaigns, key, secret }
}

/** A call of the widget's routes from the vendor's app with an optional session token. */
function widget(client: ApiClient, key: string, token?: string) {
  const headers = (request: any) => {
    request.header('origin', APP).header('x-embed-key', key)
    if (token) request.header('authorization', `Bearer ${token}`)
    return request
  }
  return {
    get: (path: string) => headers(client.get(`/v1/embed/autopilot${path}`)),
    post: (path: string, body: Record<string, unknown> = {}) =>
      headers(client.post(`/v1/embed/autopilot${path}`)).json(body),
  }
}

function adminGet(client: ApiClient, account: TestAccount, path: string) {
  return client.get(path).bearerToken(account.token)
}

test.group('Autopilot: the inbox widget routes', () => {
  test('an end user with autopilot:read sees the queue and the lead inbox; autopilot:write approves through the admin path, once', async ({
    client,
    assert,
  }) => {
    const { account, workspaceId, campaigns, key, secret } = await inboxWorkspace(client, 'embedap')
    const reader = await mintSessionToken(secret, { sub: 'cfo-1', scope: 'autopilot:read' })
    const queue = await widget(client, key.public_key, reader).get('/proposals?status=pending')
    queue.assertStatus(200)
    await assertMatchesSpec(queue)
    const pause = queue.body().data.find((row: any) => row.channel === 'display')
    assert.equal(pause.kind, 'pause_channel')
    const inbox = await widget(client, key.public_key, reader).get('/inbox')
    inbox.assertStatus(200)
    await assertMatchesSpec(inbox)
    assert.isAbove(inbox.body().data.length, 0)
    // Reading is not deciding.
    const refused = await widget(client, key.public_key, reader).post(
      `/proposals/${pause.id}/approve`
    )
    refused.assertStatus(403)

    const cfo = await mintSessionToken(secret, {
      sub: 'cfo-1',
      name: 'Ada CFO',
      scope: 'autopilot:write',
    })
    const [first, second] = await Promise.all([
      widget(client, key.public_key, cfo).post(`/proposals/${pause.id}/approve`, {
        note: 'fine by me',
      }),
      widget(client, key.public_key, cfo).post(`/proposals/${pause.id}/approve`),
    ])
    assert.equal(first.status(), 200, first.text())
    second.assertStatus(200)
    await assertMatchesSpec(first)
    assert.equal(first.body().status, 'applied')
    assert.isNull(first.body().decided_by)
    const [endUser] = await serviceRows(
      'select id from embed_end_users where workspace_id = ?::uuid and external_id = ?',
      [workspaceId, 'cfo-1']
    )
    assert.equal(first.body().decided_by_end_user_id, endUser.id)
    assert.equal(first.body().decision_note, 'fine by me')
    assert.equal(first.body().application.campaigns[0].after, 0)

    // Same effects as an admin approval: the budget, one event, the audit trail.
    const display = await expectStatus(
      adminGet(client, account, `/v1/campaigns/${campaigns.display}`),
      200
    )
    assert.equal(display.settings.daily_budget, 0)
    const events = (await outboxEvents(workspaceId, 'autopilot.action_applied')).filter(
      (row: any) => row.payload.proposal_id === pause.id
    )
    assert.lengthOf(events, 1)
    assert.equal(events[0].payload.approved_by_end_user, endUser.id)
    const audit = await serviceRows(
      `select count(*)::int as n from audit_log where workspace_id = ?::uuid and table_name = 'autopilot_proposals' and row_id = ?`,
      [workspaceId, pause.id]
    )
    assert.isAbove(audit[0].n, 0)

    // An applied proposal cannot be rejected.
    ;(await widget(client, key.public_key, cfo).post(`/proposals/${pause.id}/reject`)).assertStatus(
      409
    )
    // Bad input: 422.
    ;(
      await widget(client, key.public_key, cfo).post(`/proposals/${pause.id}/approve`, {
        note: 'x'.repeat(5000),
      })
    ).assertStatus(422)
    ;(await widget(client, key.public_key, cfo).get('/inbox?status=lost')).assertStatus(422)
  })

  test('no session, an expired or forged one, or a key without the capability: refused; a valid session rejects', async ({
    client,
    assert,
  }) => {
    const { account, key, secret } = await inboxWorkspace(client, 'embedaprefuse')
    const pending = await expectStatus(
      adminGet(client, account, '/v1/autopilot/proposals?status=pending'),
      200
    )
    const proposal = pending.data[0]
    ;(await widget(client, key.public_key).get('/proposals')).assertStatus(401)
    ;(await widget(client, key.public_key).get('/inbox')).assertStatus(401)
    ;(await widget(client, key.public_key).post(`/proposals/${proposal.id}/approve`)).assertStatus(
      401
    )
    const past = Math.floor(Date.now() / 1000) - 7200
    const expired = await mintSessionToken(secret, {
      sub: 'cfo-1',
      scope: 'autopilot:write',
      iat: past,
      exp: past + 600,
    })
    const forged = await mintSessionToken(
      secret,
      { sub: 'cfo-1', scope: 'autopilot:write' },
      'sk_notthesecretnotthesecretnotthesecretnot00'
    )
    for (const token of [expired, forged]) {
      const answer = await widget(client, key.public_key, token).post(
        `/proposals/${proposal.id}/approve`
      )
      answer.assertStatus(401)
    }
    // A key without the capability is refused even with a valid session.
    const other = await createEmbedKey(client, account, account.personalWorkspaceId, {
      allowed_origins: [APP],
      capabilities: ['content:calendar'],
    })
    const valid = await mintSessionToken(secret, { sub: 'cfo-1', scope: 'autopilot:write' })
    ;(
      await widget(client, other.public_key, valid).post(`/proposals/${proposal.id}/approve`)
    ).assertStatus(403)
    const after = await expectStatus(
      adminGet(client, account, `/v1/autopilot/proposals/${proposal.id}`),
      200
    )
    assert.equal(after.status, 'pending')

    // A valid session rejects it, recorded as that end user; it can no longer be approved.
    const rejected = await widget(client, key.public_key, valid).post(
      `/proposals/${proposal.id}/reject`,
      { note: 'not now' }
    )
    rejected.assertStatus(200)
    assert.equal(rejected.body().status, 'rejected')
    assert.equal(rejected.body().decision_note, 'not now')
    assert.isNull(rejected.body().decided_by)
    assert.isString(rejected.body().decided_by_end_user_id)
    ;(
      await widget(client, key.public_key, valid).post(`/proposals/${proposal.id}/approve`)
    ).assertStatus(409)
  })

  test('the embed role reads only the campaign columns the widgets need, never budgets or audience', async ({
    assert,
  }) => {
    const rows = await serviceRows(
      `select c.column_name as name, has_column_privilege('app_anon', 'public.campaigns', c.column_name, 'SELECT') as readable
         from information_schema.columns c
        where c.table_schema = 'public' and c.table_name = 'campaigns'
        order by c.ordinal_position`
    )
    const readable = rows.filter((row) => row.readable).map((row) => row.name)
    assert.sameMembers(readable, [
      'id',
      'workspace_id',
      'name',
      'status',
      'channel',
      'start_date',
      'end_date',
      'created_at',
      'auto_managed',
      'settings',
    ])
    for (const hidden of ['total_budget', 'budget_allocated', 'budget_spent', 'target_audience']) {
      assert.notInclude(readable, hidden)
    }
  })

  test("another workspace's end user sees none of the queue and cannot decide", async ({
    client,
    assert,
  }) => {
    const victim = await inboxWorkspace(client, 'embedapvictim')
    const attacker = await inboxWorkspace(client, 'embedapattacker')
    const token = await mintSessionToken(attacker.secret, {
      sub: 'mallory',
      scope: 'autopilot:write',
    })
    const victimPending = await expectStatus(
      adminGet(client, victim.account, '/v1/autopilot/proposals?status=pending'),
      200
    )
    const target = victimPending.data[0]
    const listed = await widget(client, attacker.key.public_key, token).get('/proposals')
    assert.notInclude(
      listed.body().data.map((row: any) => row.id),
      target.id
    )
    const inbox = await widget(client, attacker.key.public_key, token).get('/inbox')
    const victimInbox = await expectStatus(
      adminGet(client, victim.account, '/v1/autopilot/inbox'),
      200
    )
    assert.notIncludeMembers(
      inbox.body().data.map((row: any) => row.id),
      victimInbox.data.map((row: any) => row.id)
    )
    ;(
      await widget(client, attacker.key.public_key, token).post(`/proposals/${target.id}/approve`)
    ).assertStatus(404)
    // The attacker's token with the victim's key: signed by another workspace's key.
    ;(
      await widget(client, victim.key.public_key, token).post(`/proposals/${target.id}/approve`)
    ).assertStatus(401)
    const after = await expectStatus(
      adminGet(client, victim.account, `/v1/autopilot/proposals/${target.id}`),
      200
    )
    assert.equal(after.status, 'pending')
  })
})
