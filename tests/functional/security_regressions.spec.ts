import { test } from '@japa/runner'
import { withService, withTenant } from '#core/tenancy/tenant_transaction'
import { rawQuery } from '#core/database/raw_query'
import { registerOperation } from '#core/openapi/operation_registry'
import app from '@adonisjs/core/services/app'
import { Route } from '@adonisjs/core/http'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('Security / invitations', () => {
  test("any admin can revoke an invitation, and a removed admin's invitations stop working", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'invsec-owner')
    const admin = await registerAccount(client, 'invsec-admin')
    const invitee = await registerAccount(client, 'invsec-invitee')
    const other = await registerAccount(client, 'invsec-other')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, admin, 'admin')

    const byAdmin = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(admin.token)
      .json({ email: invitee.email, role: 'admin' })
    const second = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(admin.token)
      .json({ email: other.email, role: 'member' })
    const revoked = await client
      .delete(`/v1/workspaces/${workspace.id}/invitations/${second.body().invitation.id}`)
      .bearerToken(owner.token)
    revoked.assertStatus(204)

    ;(
      await client
        .delete(`/v1/workspaces/${workspace.id}/members/${admin.id}`)
        .bearerToken(owner.token)
    ).assertStatus(204)
    const accept = await client
      .post('/v1/invitations/accept')
      .bearerToken(invitee.token)
      .json({ token: byAdmin.body().token })
    accept.assertStatus(404)
    ;(await client.get(`/v1/workspaces/${workspace.id}`).bearerToken(invitee.token)).assertStatus(
      404
    )
    assert.equal(byAdmin.status(), 201)
  })

  test('an expired invitation does not block inviting the same e-mail again', async ({
    client,
  }) => {
    const owner = await registerAccount(client, 'invexp-owner')
    const workspace = await createWorkspace(client, owner)
    const first = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(owner.token)
      .json({ email: 'late@example.test', role: 'viewer' })
    first.assertStatus(201)
    await withService(({ trx }) =>
      trx
        .from('workspace_invitations')
        .where('id', first.body().invitation.id)
        .update({ expires_at: new Date(Date.now() - 1000) })
    )
    const again = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(owner.token)
      .json({ email: 'LATE@example.test', role: 'viewer' })
    again.assertStatus(201)
  })
})

test.group('Security / workspaces and users', () => {
  test('an agency with client workspaces cannot be deleted (409) until its clients are', async ({
    client,
  }) => {
    const owner = await registerAccount(client, 'agdel')
    const agency = await createWorkspace(client, owner)
    const clientWorkspace = await createWorkspace(client, owner, { parent_id: agency.id })
    const refused = await client.delete(`/v1/workspaces/${agency.id}`).bearerToken(owner.token)
    refused.assertStatus(409)
    await assertMatchesSpec(refused)
    ;(
      await client.get(`/v1/workspaces/${clientWorkspace.id}`).bearerToken(owner.token)
    ).assertStatus(200)
    ;(
      await client.delete(`/v1/workspaces/${clientWorkspace.id}`).bearerToken(owner.token)
    ).assertStatus(204)
    ;(await client.delete(`/v1/workspaces/${agency.id}`).bearerToken(owner.token)).assertStatus(204)
  })

  test('runtime roles cannot read password hashes, not even their own', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'pwhash')
    await assert.rejects(
      () =>
        withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, ({ trx }) =>
          rawQuery(trx, 'select password from users where id = ?', [account.id])
        ),
      /permission denied/
    )
    const visible = await withTenant(
      { userId: account.id, workspaceId: account.personalWorkspaceId },
      ({ trx }) => rawQuery(trx, 'select email from users where id = ?', [account.id])
    )
    assert.equal(visible.rows[0].email, account.email)
  })

  test('a long but valid e-mail can register and log in', async ({ client }) => {
    const email = `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example`
    const registered = await client
      .post('/v1/auth/register')
      .json({ email, password: 'long-enough-password' })
    registered.assertStatus(201)
    const login = await client
      .post('/v1/auth/login')
      .json({ email, password: 'long-enough-password' })
    login.assertStatus(200)
  })
})

test.group('Security / bad input never yields a 5xx', () => {
  test('NUL characters are a 400 problem wherever they are sent', async ({ client, assert }) => {
    const account = await registerAccount(client, 'nul')
    const responses = [
      await client
        .put('/v1/preferences/general')
        .bearerToken(account.token)
        .json({ preference_data: { a: 'x\u0000y' } }),
      await client
        .patch(`/v1/workspaces/${account.personalWorkspaceId}`)
        .bearerToken(account.token)
        .json({ name: 'a\u0000b' }),
      await client.post('/v1/auth/register').json({
        email: 'nul-user@example.test',
        password: 'long-enough-password',
        full_name: 'x\u0000y',
      }),
      await client.get('/v1/audit-log').bearerToken(account.token).qs({ row_id: 'a\u0000b' }),
    ]
    for (const response of responses) {
      assert.oneOf(response.status(), [400, 422], response.text())
      response.assertHeader('content-type', 'application/problem+json')
    }
  })

  test('lone UTF-16 surrogates are a 422 on the field, also where an e-mail validator would throw', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'surrogate')
    // JSON.stringify keeps a lone surrogate as the escape "\ud800", which JSON.parse restores.
    const lone = '\ud800'
    const cases = [
      client
        .post('/v1/auth/register')
        .json({ email: `a${lone}@example.test`, password: 'long-enough-password' }),
      client.post('/v1/auth/login').json({ email: lone, password: 'long-enough-password' }),
      client.post('/v1/support/tickets/public').json({
        email: lone,
        subject: 'Help',
        description: 'Something broke',
      }),
      client
        .post(`/v1/workspaces/${account.personalWorkspaceId}/members`)
        .bearerToken(account.token)
        .json({ email: lone, role: 'member' }),
      client
        .put('/v1/preferences/general')
        .bearerToken(account.token)
        .json({ preference_data: { nested: [`x${lone}`] } }),
    ]
    const expectedFields = ['email', 'email', 'email', 'email', 'preference_data.nested.0']
    for (const [index, pending] of cases.entries()) {
      const response = await pending
      response.assertStatus(422)
      response.assertHeader('content-type', 'application/problem+json')
      assert.equal(response.body().errors[0].field, expectedFields[index])
      assert.equal(response.body().errors[0].rule, 'wellFormedText')
    }
    const stored = await client.get('/v1/preferences/general').bearerToken(account.token)
    assert.notEqual(stored.status(), 500)
    assert.notInclude(stored.text(), '\ufffd')
  })

  test('malformed cursors are a 422 on the cursor field for every kind of key', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'cursors')
    const encode = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url')
    const cases: [string, unknown][] = [
      ['/v1/workspaces', ['x', 'y']],
      ['/v1/workspaces', ['2026-01-01 00:00:00+00', 'not-a-uuid']],
      ['/v1/audit-log', ['99999999999999999999999']],
      ['/v1/preferences', ['\u0000']],
      ['/v1/preferences', [1]],
    ]
    for (const [path, values] of cases) {
      const response = await client
        .get(path)
        .bearerToken(account.token)
        .qs({ cursor: encode(values) })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'cursor')
    }
  })
})

test.group('Security / secrets at rest and scopes', () => {
  test('responses kept for Idempotency-Key replays are encrypted', async ({ client, assert }) => {
    const admin = await registerAccount(client, 'idemsecret')
    const send = () =>
      client
        .post('/v1/api-keys')
        .bearerToken(admin.token)
        .header('idempotency-key', 'key-1')
        .json({ name: 'k', scopes: ['*'] })
    const first = await send()
    first.assertStatus(201)
    const stored = await withService(({ trx }) =>
      trx.from('idempotency_keys').where({ user_id: admin.id, key: 'key-1' }).first()
    )
    assert.notInclude(String(stored.response_body), first.body().key)
    assert.notInclude(String(stored.response_body), first.body().api_key.id)
    const replay = await send()
    assert.deepEqual(replay.body(), first.body())
  })

  test('an authenticated route must declare the scope API keys need', ({ assert }) => {
    // A route that is not added to the router, so the application's routes are untouched.
    const route = new Route(app, [], {
      pattern: '/v1/__scope_probe',
      methods: ['GET'],
      handler: () => 'unreachable',
      globalMatchers: {},
    })
    assert.throws(
      () =>
        registerOperation(route, {
          operationId: 'core.probe.show',
          summary: 'probe',
          tag: 'System',
          responses: { 200: { description: 'ok' } },
        }),
      /needs a scope/
    )
  })
})

test.group('Security / personal workspaces', () => {
  test('a co-owner cannot demote or remove the user a personal workspace belongs to', async ({
    client,
  }) => {
    const owner = await registerAccount(client, 'personal-owner')
    const coOwner = await registerAccount(client, 'personal-coowner')
    await addMember(client, owner, owner.personalWorkspaceId, coOwner, 'admin')
    const promoted = await client
      .patch(`/v1/workspaces/${owner.personalWorkspaceId}/members/${coOwner.id}`)
      .bearerToken(owner.token)
      .json({ role: 'owner' })
    promoted.assertStatus(200)
    const demote = await client
      .patch(`/v1/workspaces/${owner.personalWorkspaceId}/members/${owner.id}`)
      .bearerToken(coOwner.token)
      .json({ role: 'viewer' })
    demote.assertStatus(422)
    await assertMatchesSpec(demote)
    const remove = await client
      .delete(`/v1/workspaces/${owner.personalWorkspaceId}/members/${owner.id}`)
      .bearerToken(coOwner.token)
    remove.assertStatus(409)
    ;(await client.get('/v1/auth/me').bearerToken(owner.token)).assertStatus(200)
  })
})
