import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { aiGateway } from '#sdk'
import { runTransaction } from '#core/database/run_transaction'
import { runInContext, tenantTrx } from '#core/tenancy/tenant_context'
import { enterContext } from '#core/tenancy/tenant_transaction'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

/** Reads usage through the current tenant transaction. */
const tenantRead = () => tenantTrx().rawQuery('select count(*) from ai_usage_events')

const usageRows = (workspaceId: string) =>
  db.from('ai_usage_events').where('workspace_id', workspaceId).orderBy('created_at', 'asc')

test.group('AI usage summary', () => {
  test('sums usage by provider, model and purpose over a date range, for the workspace only', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'aiusage')
    const viewer = await registerAccount(client, 'aiusageviewer')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, viewer, 'viewer')
    const generate = (account: TestAccount, purpose: string, workspaceId: string) =>
      client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .header('x-workspace-id', workspaceId)
        .json({ purpose, messages: [{ role: 'user', content: `A question about ${purpose}` }] })
    ;(await generate(owner, 'chat', workspace.id)).assertStatus(200)
    ;(await generate(owner, 'chat', workspace.id)).assertStatus(200)
    ;(await generate(viewer, 'campaigns.content', workspace.id)).assertStatus(200)
    ;(await generate(owner, 'chat', owner.personalWorkspaceId)).assertStatus(200)
    ;(
      await client
        .post('/v1/ai/embeddings')
        .bearerToken(owner.token)
        .header('x-workspace-id', workspace.id)
        .json({ texts: ['one', 'two'] })
    ).assertStatus(200)

    const rows = await usageRows(workspace.id)
    const summary = await client
      .get('/v1/ai/usage')
      .bearerToken(viewer.token)
      .header('x-workspace-id', workspace.id)
    summary.assertStatus(200)
    await assertMatchesSpec(summary)
    const body = summary.body()
    assert.equal(body.totals.requests, 4)
    assert.equal(
      body.totals.input_tokens,
      rows.reduce((sum, row) => sum + row.input_tokens, 0)
    )
    const byPurpose = Object.fromEntries(
      body.breakdown.map((row: any) => [`${row.purpose}/${row.model}`, row.requests])
    )
    assert.deepEqual(byPurpose, {
      'chat/local-extractive-1': 2,
      'campaigns.content/local-extractive-1': 1,
      'api.embed/local-hash-1536': 1,
    })
    assert.equal(body.totals.cost_usd, 0)

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const future = await client
      .get('/v1/ai/usage')
      .qs({ from: tomorrow })
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    future.assertStatus(422)
    const empty = await client
      .get('/v1/ai/usage')
      .qs({ from: '2020-01-01', to: '2020-01-31' })
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    empty.assertStatus(200)
    assert.equal(empty.body().from, '2020-01-01T00:00:00.000Z')
    assert.equal(empty.body().to, '2020-02-01T00:00:00.000Z')
    assert.deepEqual(empty.body().breakdown, [])
    const bad = await client
      .get('/v1/ai/usage')
      .qs({ from: 'yesterday' })
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    bad.assertStatus(422)

    const personal = await client.get('/v1/ai/usage').bearerToken(owner.token)
    assert.equal(personal.body().totals.requests, 1, 'the personal workspace has its own usage')
  })

  test('another workspace answers 404, and API keys need the ai scopes', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'aiusageown')
    const intruder = await registerAccount(client, 'aiusageintruder')
    for (const request of [
      client.get('/v1/ai/usage'),
      client.get('/v1/ai/models'),
      client.post('/v1/ai/generate').json({ messages: [{ role: 'user', content: 'x' }] }),
      client.post('/v1/ai/embeddings').json({ texts: ['x'] }),
    ]) {
      const response = await request
        .bearerToken(intruder.token)
        .header('x-workspace-id', owner.personalWorkspaceId)
      response.assertStatus(404)
    }
    const workspace = await createWorkspace(client, owner)
    const key = await client
      .post('/v1/api-keys')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'reporting', scopes: ['ai:read'] })
    key.assertStatus(201)
    const apiKey = key.body().key
    ;(await client.get('/v1/ai/usage').bearerToken(apiKey)).assertStatus(200)
    const denied = await client
      .post('/v1/ai/generate')
      .bearerToken(apiKey)
      .json({ messages: [{ role: 'user', content: 'x' }] })
    denied.assertStatus(403)
    assert.lengthOf(await usageRows(workspace.id), 0)
  })
})

test.group('AI usage of anonymous callers', () => {
  test('an anonymous (embed) context is metered to the workspace without a user, and cannot read usage', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'aianon')
    const workspaceId = owner.personalWorkspaceId
    const anon = <T>(fn: () => Promise<T>) =>
      runTransaction(async (trx) => {
        await enterContext(trx, 'app_anon', { userId: null, workspaceId })
        return runInContext(
          { userId: null, workspaceId, role: 'app_anon', via: 'anonymous', trx },
          fn
        )
      })
    const result = await anon(() =>
      aiGateway.generateText({
        purpose: 'embed.answer',
        messages: [{ role: 'user', content: 'When does the sale end?' }],
        context: ['The sale ends on March 15.'],
      })
    )
    assert.equal(result.text, 'The sale ends on March 15. [1]')
    const read = await anon(tenantRead).catch((e) => e)
    assert.match(read.message, /permission denied for table ai_usage_events/)
    const rows = await usageRows(workspaceId)
    assert.lengthOf(rows, 1)
    assert.isNull(rows[0].user_id)
    assert.equal(rows[0].purpose, 'embed.answer')
  })

  test('an anonymous context cannot meter usage into another workspace than its own', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'aianon2')
    const other = await registerAccount(client, 'aianon3')
    const error = await runTransaction(async (trx) => {
      await enterContext(trx, 'app_anon', { userId: null, workspaceId: owner.personalWorkspaceId })
      await trx.rawQuery(
        `insert into ai_usage_events (workspace_id, purpose, operation, provider, model)
          values (?, 'x', 'text', 'local', 'local-extractive-1')`,
        [other.personalWorkspaceId]
      )
    }).catch((e) => e)
    assert.match(error.message, /row-level security/)
    assert.lengthOf(await usageRows(other.personalWorkspaceId), 0)
  })
})
