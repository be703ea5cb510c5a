import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import operations from '#config/operations'
import { decodeCredential } from '#core/auth/credentials'
import { createApiKey, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { serviceRows } from '#tests/helpers/service_rows'

test.group('API rate limits per credential and workspace plan', (group) => {
  // The test environment runs without limits; these tests set plans of their own.
  let saved: typeof operations.rateLimit
  group.each.setup(() => {
    saved = { ...operations.rateLimit, plans: { ...operations.rateLimit.plans } }
    operations.rateLimit.plans = { tiny: 3, roomy: 1000 }
    operations.rateLimit.defaultPerMinute = 0
    operations.rateLimit.store = 'database'
    return () => {
      operations.rateLimit = saved
    }
  })

  test('a token gets RateLimit headers, then 429 with Retry-After past its plan', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'ratelimit')
    const workspace = await createWorkspace(client, owner)
    await serviceRows(`update workspaces set plan = 'tiny' where id = ?`, [workspace.id])
    const call = () =>
      client
        .get('/v1/webhooks/event-types')
        .bearerToken(owner.token)
        .header('x-workspace-id', workspace.id)

    // The token's first request was the workspace creation (counted on the
    // personal workspace's plan, which has no limit here): two slots remain.
    for (let index = 2; index <= 3; index++) {
      const response = await call()
      response.assertStatus(200)
      assert.equal(response.header('ratelimit-limit'), '3')
      assert.equal(response.header('ratelimit-remaining'), String(3 - index))
      assert.equal(response.header('ratelimit-policy'), '3;w=60')
      const reset = Number(response.header('ratelimit-reset'))
      assert.isTrue(reset >= 0 && reset <= 60, `reset ${reset}`)
    }
    const refused = await call()
    refused.assertStatus(429)
    assert.match(refused.header('content-type') ?? '', /^application\/problem\+json/)
    assert.equal(refused.body().type, '/problems/too-many-requests')
    const retryAfter = Number(refused.header('retry-after'))
    assert.isTrue(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`)
    assert.equal(refused.header('ratelimit-remaining'), '0')

    // An API key of the same workspace has its own counter.
    const key = await serviceRows(
      `update workspaces set plan = 'roomy' where id = ? returning id`,
      [workspace.id]
    )
    assert.lengthOf(key, 1)
    const apiKey = await createApiKey(client, owner, workspace.id, ['webhooks:read'])
    await serviceRows(`update workspaces set plan = 'tiny' where id = ?`, [workspace.id])
    const byKey = await client.get('/v1/webhooks/event-types').bearerToken(apiKey)
    byKey.assertStatus(200)
    assert.equal(byKey.header('ratelimit-remaining'), '2')
    // The `database` store is the shared PostgreSQL table (every API node sees the count).
    const stored = await db.rawQuery(`select points from rate_limits where key like ?`, [
      `%${decodeCredential(apiKey)!.id}`,
    ])
    assert.equal(stored.rows[0]?.points, 1)
  })

  test("the workspace's plan decides the limit; a plan without one sends no headers", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'ratelimit-plan')
    const roomy = await createWorkspace(client, owner)
    await serviceRows(`update workspaces set plan = 'roomy' where id = ?`, [roomy.id])
    const response = await client
      .get('/v1/webhooks/event-types')
      .bearerToken(owner.token)
      .header('x-workspace-id', roomy.id)
    response.assertStatus(200)
    assert.equal(response.header('ratelimit-limit'), '1000')

    // The personal workspace is on the default plan `free`, unlisted here: no limit.
    const free = await client.get('/v1/webhooks/event-types').bearerToken(owner.token)
    free.assertStatus(200)
    assert.isUndefined(free.header('ratelimit-limit'))
  })

  test('a request with a wrong secret does not use the credential owner’s quota', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'ratelimit-forged')
    const workspace = await createWorkspace(client, owner)
    await serviceRows(`update workspaces set plan = 'tiny' where id = ?`, [workspace.id])
    // Same token id, another secret: refused, and its slot given back.
    const forged = owner.token.slice(0, -4) + (owner.token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    for (let index = 0; index < 5; index++) {
      const response = await client
        .get('/v1/webhooks/event-types')
        .bearerToken(forged)
        .header('x-workspace-id', workspace.id)
      response.assertStatus(401)
    }
    const real = await client
      .get('/v1/webhooks/event-types')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    real.assertStatus(200)
    // 3 - 1 (the workspace creation) - 1 (this request): the forged ones took nothing.
    assert.equal(real.header('ratelimit-remaining'), '1')
  })

  test('members cannot change their plan through the API', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'ratelimit-patch')
    const workspace = await createWorkspace(client, owner)
    await client
      .patch(`/v1/workspaces/${workspace.id}`)
      .bearerToken(owner.token)
      .json({ plan: 'roomy' })
    const [row] = await serviceRows(`select plan from workspaces where id = ?`, [workspace.id])
    assert.equal(row.plan, 'free')
  })

  test('RATE_LIMIT_STORE=memory counts in the process with the same headers and 429', async ({
    client,
    assert,
  }) => {
    operations.rateLimit.store = 'memory'
    const owner = await registerAccount(client, 'ratelimit-memory')
    const apiKey = await createApiKey(client, owner, owner.personalWorkspaceId, ['webhooks:read'])
    await serviceRows(`update workspaces set plan = 'tiny' where id = ?`, [
      owner.personalWorkspaceId,
    ])
    const statuses: number[] = []
    const remaining: (string | undefined)[] = []
    for (let index = 0; index < 4; index++) {
      const response = await client.get('/v1/webhooks/event-types').bearerToken(apiKey)
      statuses.push(response.status())
      remaining.push(response.header('ratelimit-remaining'))
    }
    assert.deepEqual(statuses, [200, 200, 200, 429])
    assert.deepEqual(remaining, ['2', '1', '0', '0'])
    // Nothing was written to the shared table for this key.
    const keyId = decodeCredential(apiKey)!.id
    const rows = await db.rawQuery(`select key from rate_limits where key like ?`, [`%${keyId}%`])
    assert.lengthOf(rows.rows, 0)
  })
})
