import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { streamResponse } from '#sdk'
import { withService, withTenant } from '#core/tenancy/tenant_transaction'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('HTTP conventions', () => {
  test('Idempotency-Key replays the first response and creates one record', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'idem')
    const send = (name: string) =>
      client
        .post('/v1/workspaces')
        .bearerToken(account.token)
        .header('idempotency-key', 'create-acme-1')
        .json({ name })
    const first = await send('Acme')
    first.assertStatus(201)
    const second = await send('Acme')
    second.assertStatus(201)
    second.assertHeader('idempotent-replayed', 'true')
    assert.deepEqual(second.body(), first.body())
    await assertMatchesSpec(second)

    const list = await client.get('/v1/workspaces').bearerToken(account.token).qs({ limit: 100 })
    const names = list.body().data.filter((row: { name: string }) => row.name === 'Acme')
    assert.lengthOf(names, 1)

    const conflicting = await send('Other name')
    conflicting.assertStatus(422)
    await assertMatchesSpec(conflicting)
    assert.equal(conflicting.body().errors[0].field, 'Idempotency-Key')
  })

  test('a failed request does not consume its Idempotency-Key', async ({ client }) => {
    const account = await registerAccount(client, 'idemfail')
    const bad = await client
      .post('/v1/workspaces')
      .bearerToken(account.token)
      .header('idempotency-key', 'k-2')
      .json({ name: '' })
    bad.assertStatus(422)
    const fixed = await client
      .post('/v1/workspaces')
      .bearerToken(account.token)
      .header('idempotency-key', 'k-2')
      .json({ name: 'ok' })
    fixed.assertStatus(201)
  })

  test('only the request that claimed an Idempotency-Key records the answer it replays', async ({
    assert,
    client,
  }) => {
    const account = await registerAccount(client, 'idemclaim')
    const identity = {
      userId: account.id,
      workspaceId: account.personalWorkspaceId,
      via: 'token' as const,
    }
    const row = () =>
      withService(({ trx }) =>
        trx.from('idempotency_keys').where({ user_id: account.id, key: 'pending-1' }).first()
      )
    // Another request claimed the key and is still being answered (its claim
    // is committed, as when a remote AI call released its transaction).
    await withTenant(identity, ({ trx }) =>
      trx.table('idempotency_keys').insert({
        workspace_id: account.personalWorkspaceId,
        user_id: account.id,
        key: 'pending-1',
        method: 'POST',
        path: '/v1/chat/sessions/elsewhere/messages',
        request_hash: 'a'.repeat(64),
      })
    )

    // A streamed answer (the SDK's streamResponse) of a request that carries
    // the same key but did not claim it: it must not become the other
    // request's replay.
    const ctx = await testUtils.createHttpContext()
    ctx.request.request.method = 'POST'
    ctx.request.request.headers['idempotency-key'] = 'pending-1'
    await withTenant(identity, () =>
      streamResponse(ctx, {
        status: 201,
        logMessage: 'test stream failed',
        produce: async () => ({
          replay: { answer: 'not the claimant' },
          finish: (stream) => stream.send('done', {}),
        }),
      })
    )
    // The stream was answered and ended.
    assert.isTrue(ctx.response.response.headersSent)
    assert.isTrue(ctx.response.response.writableEnded)
    const pending = await row()
    assert.isNull(pending.response_status)
    assert.isNull(pending.response_body)
  })

  test('malformed JSON is a 400 problem, unknown routes a 404 problem, both with a request id', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'errors')
    const malformed = await client
      .put('/v1/preferences/general')
      .bearerToken(account.token)
      .type('application/json')
      .unsafeJson('{"preference_data": ')
    malformed.assertStatus(400)
    malformed.assertHeader('content-type', 'application/problem+json')
    assert.match(malformed.body().instance, /^urn:request:/)
    assert.notInclude(malformed.text(), 'node_modules')

    const missing = await client.get('/v1/nothing-here')
    missing.assertStatus(404)
    missing.assertHeader('content-type', 'application/problem+json')
    assert.isString(missing.header('x-request-id'))
  })

  test('a client-supplied X-Request-Id is echoed', async ({ client }) => {
    const response = await client.get('/health/live').header('x-request-id', 'trace-abc-123')
    response.assertHeader('x-request-id', 'trace-abc-123')
  })

  test('the audit log records who changed which columns; only admins read it', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'audit')
    const workspace = await createWorkspace(client, owner, { name: 'Audited' })
    await client
      .patch(`/v1/workspaces/${workspace.id}`)
      .bearerToken(owner.token)
      .json({ name: 'Audited 2' })
    await client
      .put('/v1/preferences/general')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({ preference_data: { a: 1 } })

    const log = await client
      .get('/v1/audit-log')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    log.assertStatus(200)
    await assertMatchesSpec(log)
    const entries = log.body().data as {
      table_name: string
      operation: string
      changed_columns: string[]
      actor_id: string
      row_id: string
    }[]
    const rename = entries.find(
      (entry) => entry.table_name === 'workspaces' && entry.operation === 'UPDATE'
    )
    assert.exists(rename)
    assert.deepEqual(rename!.changed_columns, ['name'])
    assert.equal(rename!.actor_id, owner.id)
    assert.equal(rename!.row_id, workspace.id)
    assert.exists(
      entries.find(
        (entry) => entry.table_name === 'user_preferences' && entry.operation === 'INSERT'
      )
    )
    assert.exists(
      entries.find(
        (entry) => entry.table_name === 'workspace_members' && entry.operation === 'INSERT'
      )
    )

    const filtered = await client
      .get('/v1/audit-log')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .qs({ table_name: 'workspaces' })
    assert.isTrue(
      filtered
        .body()
        .data.every((entry: { table_name: string }) => entry.table_name === 'workspaces')
    )

    const stranger = await registerAccount(client, 'auditstranger')
    ;(
      await client
        .get('/v1/audit-log')
        .bearerToken(stranger.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)
    const own = await client.get('/v1/audit-log').bearerToken(stranger.token)
    assert.isFalse(
      own.body().data.some((entry: { workspace_id: string }) => entry.workspace_id === workspace.id)
    )
  })
})

test.group('HTTP conventions / atomic requests', () => {
  test('a request that fails after writing leaves nothing behind', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'atomic')
    // The Idempotency-Key row is written first, then the database refuses the
    // workspace (a personal workspace cannot have clients): both must vanish.
    const failing = await client
      .post('/v1/workspaces')
      .bearerToken(owner.token)
      .header('idempotency-key', 'atomic-1')
      .json({ name: 'Client of nothing', parent_id: owner.personalWorkspaceId })
    failing.assertStatus(422)
    await assertMatchesSpec(failing)
    const leftovers = await withService(async ({ trx }) => ({
      keys: await trx.from('idempotency_keys').where({ user_id: owner.id, key: 'atomic-1' }),
      workspaces: await trx.from('workspaces').where({ name: 'Client of nothing' }),
    }))
    assert.lengthOf(leftovers.keys, 0)
    assert.lengthOf(leftovers.workspaces, 0)
  })
})
