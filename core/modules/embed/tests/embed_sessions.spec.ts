import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import {
  createWorkspace,
  registerAccount,
  addMember,
  type TestAccount,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import {
  createEmbedKey,
  createEmbedSecretKey,
  mintSessionToken,
  type SessionClaims,
} from '#tests/helpers/embed'
import { serviceRows } from '#tests/helpers/service_rows'
import { knownEmbedSessionScopes } from '#sdk'

const SHOP = 'https://shop.example.test'
const SESSION = '/v1/embed/session'

/** A workspace with a publishable key and a secret key. */
async function embedWorkspace(client: ApiClient, prefix: string) {
  const owner = await registerAccount(client, `${prefix}owner`)
  const workspace = await createWorkspace(client, owner)
  const key = await createEmbedKey(client, owner, workspace.id)
  const secret = await createEmbedSecretKey(client, owner, workspace.id)
  return { owner, workspace, key, secret }
}

function callSession(client: ApiClient, publicKey: string, token?: string, origin = SHOP) {
  const request = client.get(SESSION).header('origin', origin).header('x-embed-key', publicKey)
  if (token) request.header('authorization', `Bearer ${token}`)
  return request
}

function admin(client: ApiClient, account: TestAccount, workspaceId: string) {
  return {
    get: (path: string) =>
      client.get(path).bearerToken(account.token).header('x-workspace-id', workspaceId),
    post: (path: string) =>
      client.post(path).bearerToken(account.token).header('x-workspace-id', workspaceId),
    delete: (path: string) =>
      client.delete(path).bearerToken(account.token).header('x-workspace-id', workspaceId),
  }
}

const now = () => Math.floor(Date.now() / 1000)

test.group('Embed sessions', () => {
  test('secret keys: created with the secret once, listed without it, stored sealed', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, secret } = await embedWorkspace(client, 'sesskeys')
    assert.match(secret.secret, /^sk_[A-Za-z0-9_-]{43}$/)
    assert.equal(secret.secret_hint, secret.secret.slice(-4))

    const listed = await admin(client, owner, workspace.id).get('/v1/embed/secret-keys')
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.deepEqual(
      listed.body().data.map((row: { id: string }) => row.id),
      [secret.id]
    )
    assert.notInclude(listed.text(), secret.secret)
    assert.notProperty(listed.body().data[0], 'secret')

    const [stored] = await serviceRows(
      'select secret_encrypted from embed_secret_keys where id = ?',
      [secret.id]
    )
    assert.notInclude(stored.secret_encrypted, secret.secret)
    assert.notInclude(stored.secret_encrypted, secret.secret.slice(3))
  })

  test('a valid token names the end user, records them as a contact and keeps them up to date', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, secret } = await embedWorkspace(client, 'sessok')
    const token = await mintSessionToken(secret, {
      sub: 'host-user-42',
      name: 'Grace Host',
      email: 'grace@example.test',
      scope: 'chat support:read',
      jti: 'nonce-1',
    })
    const response = await callSession(client, key.public_key, token)
    response.assertStatus(200)
    await assertMatchesSpec(response)
    assert.equal(response.header('access-control-allow-origin'), SHOP)
    const body = response.body()
    assert.equal(body.end_user.external_id, 'host-user-42')
    assert.equal(body.end_user.name, 'Grace Host')
    assert.equal(body.end_user.email, 'grace@example.test')
    assert.deepEqual(body.scopes, ['chat', 'support:read'])

    const again = await callSession(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'host-user-42', name: 'Grace H.' })
    )
    again.assertStatus(200)
    assert.equal(again.body().end_user.id, body.end_user.id)

    const users = await admin(client, owner, workspace.id).get('/v1/embed/end-users')
    users.assertStatus(200)
    await assertMatchesSpec(users)
    assert.lengthOf(users.body().data, 1)
    assert.equal(users.body().data[0].id, body.end_user.id)
    assert.equal(users.body().data[0].name, 'Grace H.')
    assert.equal(users.body().data[0].email, 'grace@example.test')

    const shown = await admin(client, owner, workspace.id).get(
      `/v1/embed/end-users/${body.end_user.id}`
    )
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().external_id, 'host-user-42')

    const filtered = await admin(client, owner, workspace.id).get(
      '/v1/embed/end-users?external_id=someone-else'
    )
    assert.lengthOf(filtered.body().data, 0)
  })

  test('refused tokens: missing, expired, forged, wrong audience, too long, future, bad claims', async ({
    client,
    assert,
  }) => {
    const { key, secret } = await embedWorkspace(client, 'sessbad')
    const refused = async (token: string | undefined, reason: string, status = 401) => {
      const response = await callSession(client, key.public_key, token)
      response.assertStatus(status)
      assert.match(response.header('content-type') ?? '', /^application\/problem\+json/)
      assert.match(response.body().detail, new RegExp(`^${reason}:`), response.text())
      return response
    }
    const mint = (claims: Partial<SessionClaims>) =>
      mintSessionToken(secret, { sub: 'u1', ...claims })

    const missing = await refused(undefined, 'missing')
    assert.include(missing.header('www-authenticate'), 'Bearer')
    await refused(await mint({ iat: now() - 3600, exp: now() - 600 }), 'expired')
    await refused(
      await mintSessionToken(secret, { sub: 'u1' }, 'sk_' + 'x'.repeat(43)),
      'invalid signature'
    )
    await refused(await mint({ aud: 'someone-else' }), 'wrong audience')
    await refused(await mint({ iat: now(), exp: now() + 24 * 3600 + 60 }), 'lifetime too long')
    await refused(await mint({ iat: now() + 3600, exp: now() + 4000 }), 'not yet valid')
    await refused(await mint({ sub: 'x'.repeat(201) }), 'invalid claims')
    await refused(await mint({ email: 'not-an-address' }), 'invalid claims')
    await refused('not.a.jwt', 'malformed')
    await refused(
      await mintSessionToken(
        { id: '00000000-0000-4000-8000-000000000000', secret: secret.secret },
        {
          sub: 'u1',
        }
      ),
      'unknown key'
    )
    const malformedHeader = await client
      .get(SESSION)
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
      .header('authorization', 'Basic abc')
    malformedHeader.assertStatus(401)
    assert.match(malformedHeader.body().detail, /^malformed:/)
    // A token exactly 24 hours long (the limit) is accepted; within clock skew too.
    const longest = await callSession(
      client,
      key.public_key,
      await mint({ iat: now() + 30, exp: now() + 30 + 24 * 3600 })
    )
    longest.assertStatus(200)
  })

  test('rotation: several keys work at once; a revoked key refuses its tokens', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, secret } = await embedWorkspace(client, 'sessrot')
    const next = await createEmbedSecretKey(client, owner, workspace.id, 'Next')
    const oldToken = await mintSessionToken(secret, { sub: 'u1' })
    const newToken = await mintSessionToken(next, { sub: 'u1' })
    ;(await callSession(client, key.public_key, oldToken)).assertStatus(200)
    ;(await callSession(client, key.public_key, newToken)).assertStatus(200)

    const revoked = await admin(client, owner, workspace.id).delete(
      `/v1/embed/secret-keys/${secret.id}`
    )
    revoked.assertStatus(204)
    const refused = await callSession(client, key.public_key, oldToken)
    refused.assertStatus(401)
    assert.match(refused.body().detail, /^revoked:/)
    ;(await callSession(client, key.public_key, newToken)).assertStatus(200)
    // Revoking twice: nothing left to revoke.
    ;(
      await admin(client, owner, workspace.id).delete(`/v1/embed/secret-keys/${secret.id}`)
    ).assertStatus(404)
  })

  test("revoking an end user's sessions refuses the tokens issued before, not the ones after", async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, secret } = await embedWorkspace(client, 'sessrev')
    const before = await mintSessionToken(secret, { sub: 'u1', iat: now() - 5 })
    const first = await callSession(client, key.public_key, before)
    first.assertStatus(200)
    const endUserId = first.body().end_user.id

    const revoked = await admin(client, owner, workspace.id).post(
      `/v1/embed/end-users/${endUserId}/revoke-sessions`
    )
    revoked.assertStatus(200)
    await assertMatchesSpec(revoked)
    assert.isNotNull(revoked.body().sessions_revoked_before)

    const refused = await callSession(client, key.public_key, before)
    refused.assertStatus(401)
    assert.match(refused.body().detail, /^revoked:/)
    // Another end user is unaffected; a token issued later works again.
    ;(
      await callSession(client, key.public_key, await mintSessionToken(secret, { sub: 'u2' }))
    ).assertStatus(200)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const later = await mintSessionToken(secret, { sub: 'u1' })
    ;(await callSession(client, key.public_key, later)).assertStatus(200)
  })

  test('cross-tenant: another workspace cannot use, see, revoke or erase', async ({
    client,
    assert,
  }) => {
    const a = await embedWorkspace(client, 'sessxa')
    const b = await embedWorkspace(client, 'sessxb')
    // B's publishable key with a token signed by A's secret key: A's key is unknown in B.
    const tokenOfA = await mintSessionToken(a.secret, { sub: 'u1' })
    const crossed = await callSession(client, b.key.public_key, tokenOfA)
    crossed.assertStatus(401)
    assert.match(crossed.body().detail, /^unknown key:/)
    // A's kid with B's secret: still unknown in B; in A, the signature fails.
    const forged = await mintSessionToken(
      { id: a.secret.id, secret: b.secret.secret },
      { sub: 'u1' }
    )
    assert.match(
      (await callSession(client, b.key.public_key, forged)).body().detail,
      /^unknown key:/
    )
    assert.match(
      (await callSession(client, a.key.public_key, forged)).body().detail,
      /^invalid signature:/
    )

    const entered = await callSession(client, a.key.public_key, tokenOfA)
    entered.assertStatus(200)
    const endUserId = entered.body().end_user.id
    const asB = admin(client, b.owner, b.workspace.id)
    ;(await asB.get(`/v1/embed/end-users/${endUserId}`)).assertStatus(404)
    ;(await asB.post(`/v1/embed/end-users/${endUserId}/revoke-sessions`)).assertStatus(404)
    ;(await asB.delete(`/v1/embed/end-users/${endUserId}`)).assertStatus(404)
    ;(await asB.delete(`/v1/embed/secret-keys/${a.secret.id}`)).assertStatus(404)
    assert.lengthOf((await asB.get('/v1/embed/end-users')).body().data, 0)
    assert.deepEqual(
      (await asB.get('/v1/embed/secret-keys')).body().data.map((row: { id: string }) => row.id),
      [b.secret.id]
    )
    ;(await callSession(client, a.key.public_key, tokenOfA)).assertStatus(200)
  })

  test('admins only: members cannot manage secret keys or end users', async ({ client }) => {
    const { owner, workspace, secret } = await embedWorkspace(client, 'sessrole')
    const member = await registerAccount(client, 'sessrolemember')
    await addMember(client, owner, workspace.id, member, 'member')
    const asMember = admin(client, member, workspace.id)
    ;(await asMember.get('/v1/embed/secret-keys')).assertStatus(403)
    ;(await asMember.post('/v1/embed/secret-keys').json({ name: 'x' })).assertStatus(403)
    ;(await asMember.delete(`/v1/embed/secret-keys/${secret.id}`)).assertStatus(403)
    ;(await asMember.get('/v1/embed/end-users')).assertStatus(403)
  })

  test('erasing an end user removes the contact; their next token starts afresh', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, secret } = await embedWorkspace(client, 'sesserase')
    const token = await mintSessionToken(secret, { sub: 'u1', email: 'u1@example.test' })
    const first = await callSession(client, key.public_key, token)
    const endUserId = first.body().end_user.id
    ;(
      await admin(client, owner, workspace.id).delete(`/v1/embed/end-users/${endUserId}`)
    ).assertStatus(204)
    const rows = await serviceRows('select id from embed_end_users where workspace_id = ?', [
      workspace.id,
    ])
    assert.lengthOf(rows, 0)
    ;(
      await admin(client, owner, workspace.id).get(`/v1/embed/end-users/${endUserId}`)
    ).assertStatus(404)
  })

  test('preflight allows the Authorization header', async ({ client, assert }) => {
    const { key } = await embedWorkspace(client, 'sesspre')
    const preflight = await client
      .options(`${SESSION}?key=${key.public_key}`)
      .header('origin', SHOP)
      .header('access-control-request-method', 'GET')
      .header('access-control-request-headers', 'authorization, x-embed-key')
    preflight.assertStatus(204)
    assert.equal(preflight.header('access-control-allow-origin'), SHOP)
    assert.include(preflight.header('access-control-allow-headers'), 'Authorization')
  })

  test('every route sessionScope is a declared end-user scope', async ({ client, assert }) => {
    const known = await knownEmbedSessionScopes()
    assert.properties(known, ['chat', 'support:read'])
    const document = (await client.get('/v1/openapi.json')).body()
    const session = document.paths[SESSION].get
    assert.equal(session['x-embed-session'], 'required')
    assert.deepEqual(session.security, [
      { EmbedKey: [], EmbedSession: [] },
      { EmbedKeyQuery: [], EmbedSession: [] },
    ])
    for (const operations of Object.values<Record<string, any>>(document.paths)) {
      for (const operation of Object.values<any>(operations)) {
        const scope = operation['x-embed-session-scope']
        if (scope) assert.property(known, scope, operation.operationId)
      }
    }
  })
})
