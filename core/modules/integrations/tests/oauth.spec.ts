import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { openText, sealText, withTenant } from '#sdk'
import { codeChallenge } from '../services/pkce.js'
import { connectionAccessToken } from '../services/oauth_connection_service.js'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import type { FakeOAuthServer } from '#tests/helpers/fake_oauth_server'
import {
  callbackPath,
  startAuthorization,
  testServerUrl,
  useFakeProviders,
} from '#tests/helpers/oauth'

const row = async (table: string, id: string) =>
  (await db.rawQuery(`select * from ${table} where id = ?`, [id])).rows[0]

test.group('OAuth flow', (group) => {
  let fakes: Record<string, FakeOAuthServer>
  group.setup(async () => {
    const setup = await useFakeProviders(['google', 'x'])
    fakes = setup.fakes
    return setup.restore
  })

  test('the providers list says which providers are configured and what is missing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthproviders')
    const response = await client.get('/v1/integrations/oauth/providers').bearerToken(account.token)
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const byName = Object.fromEntries(
      response.body().data.map((provider: any) => [provider.name, provider])
    )
    assert.sameMembers(Object.keys(byName), [
      'linkedin',
      'meta',
      'x',
      'google',
      'hubspot',
      'salesforce',
    ])
    assert.isTrue(byName.google.configured)
    assert.equal(byName.google.kind, 'integration')
    assert.equal(byName.x.kind, 'social')
    assert.isFalse(byName.linkedin.configured)
    assert.includeMembers(byName.linkedin.missing_settings, [
      'OAUTH_LINKEDIN_CLIENT_ID',
      'OAUTH_LINKEDIN_CLIENT_SECRET',
    ])

    const unconfigured = await client
      .post('/v1/integrations/oauth/linkedin/authorize')
      .bearerToken(account.token)
      .json({})
    unconfigured.assertStatus(409)
    await assertMatchesSpec(unconfigured)
    assert.equal(unconfigured.body().type, '/problems/oauth-provider-not-configured')
    const unknown = await client
      .post('/v1/integrations/oauth/myspace/authorize')
      .bearerToken(account.token)
      .json({})
    unknown.assertStatus(404)
  })

  test('full flow: PKCE authorization, code exchange, sealed tokens, connection without tokens', async ({
    client,
    assert,
  }) => {
    const fake = fakes.google
    const account = await registerAccount(client, 'oauthflow')
    const authorize = await client
      .post('/v1/integrations/oauth/google/authorize')
      .bearerToken(account.token)
      .json({ scopes: ['openid', 'email'] })
    authorize.assertStatus(201)
    await assertMatchesSpec(authorize)
    const url = new URL(authorize.body().authorization_url)
    assert.equal(url.origin, fake.url)
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256')
    assert.equal(url.searchParams.get('scope'), 'openid email')
    assert.equal(url.searchParams.get('access_type'), 'offline')
    assert.equal(url.searchParams.get('redirect_uri'), authorize.body().redirect_uri)
    const state = url.searchParams.get('state')!
    const expiresIn = new Date(authorize.body().state_expires_at).getTime() - Date.now()
    assert.isAbove(expiresIn, 9 * 60_000)
    assert.isAtMost(expiresIn, 10 * 60_000 + 5_000)

    // The state is stored hashed with the verifier sealed, bound to the user and workspace.
    const stored = (await db.rawQuery('select * from oauth_states where user_id = ?', [account.id]))
      .rows[0]
    assert.notEqual(stored.state_token, state)
    assert.equal(stored.workspace_id, account.personalWorkspaceId)
    assert.equal(stored.platform_name, 'google')
    const verifier = openText(stored.code_verifier_encrypted, 'oauth.code_verifier')
    assert.equal(codeChallenge(verifier), url.searchParams.get('code_challenge'))
    assert.notInclude(stored.code_verifier_encrypted, verifier)

    fake.subject = 'google-user-42'
    const location = await fake.authorize(url.toString())
    const callback = await client.get(callbackPath(location))
    callback.assertStatus(200)
    await assertMatchesSpec(callback)
    assert.equal(callback.header('cache-control'), 'no-store')
    const connection = callback.body().connection
    assert.equal(connection.platform_name, 'google')
    assert.equal(connection.kind, 'integration')
    assert.equal(connection.platform_user_id, 'google-user-42')
    assert.equal(connection.platform_username, 'google-user-42-name')
    assert.equal(connection.connection_status, 'connected')
    assert.isTrue(connection.has_refresh_token)
    assert.deepEqual(connection.connection_metadata.scopes, ['openid', 'email'])
    assert.closeTo(new Date(connection.token_expires_at).getTime(), Date.now() + 3600_000, 60_000)

    // Tokens are sealed in the database and appear in no response.
    const [accessToken] = fake.liveTokens('access')
    const [refreshToken] = fake.liveTokens('refresh')
    const saved = await row('oauth_connections', connection.id)
    assert.notInclude(saved.access_token_encrypted, accessToken)
    assert.notInclude(saved.refresh_token_encrypted, refreshToken)
    assert.equal(openText(saved.access_token_encrypted, 'oauth.access_token'), accessToken)
    assert.equal(openText(saved.refresh_token_encrypted, 'oauth.refresh_token'), refreshToken)
    assert.throws(() => openText(saved.access_token_encrypted, 'oauth.refresh_token'))
    // Server-side code (plugins) gets the usable token in the user's tenant context only.
    const owner = { userId: account.id, workspaceId: account.personalWorkspaceId }
    assert.equal(await withTenant(owner, () => connectionAccessToken('google')), accessToken)
    assert.isNull(await withTenant(owner, () => connectionAccessToken('x')))

    const list = await client.get('/v1/integrations/oauth/connections').bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((item: any) => item.id),
      [connection.id]
    )
    const shown = await client
      .get(`/v1/integrations/oauth/connections/${connection.id}`)
      .bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    for (const response of [callback, list, shown]) {
      assert.notInclude(response.text(), accessToken)
      assert.notInclude(response.text(), refreshToken)
      assert.notInclude(response.text(), 'token_encrypted')
    }
    // The state is gone: single use.
    assert.lengthOf(
      (await db.rawQuery('select 1 from oauth_states where user_id = ?', [account.id])).rows,
      0
    )
  })

  test('a social provider with Basic client auth lands in social_platform_connections and redirects to return_to', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthsocial')
    const returnTo = `${testServerUrl()}/app/connected?tab=social`
    const url = await startAuthorization(client, account, 'x', { return_to: returnTo })
    fakes.x.subject = 'x-user-7'
    const location = await fakes.x.authorize(url)
    const callback = await client.get(callbackPath(location)).redirects(0)
    callback.assertStatus(303)
    const landing = new URL(callback.header('location')!)
    assert.equal(landing.origin + landing.pathname, `${testServerUrl()}/app/connected`)
    assert.equal(landing.searchParams.get('tab'), 'social')
    assert.equal(landing.searchParams.get('oauth_status'), 'connected')
    const id = landing.searchParams.get('connection_id')!
    const saved = await row('social_platform_connections', id)
    assert.equal(saved.platform_name, 'x')
    assert.equal(saved.platform_user_id, 'x-user-7')
    assert.equal(saved.platform_username, 'x-user-7-name')
    assert.equal(saved.connection_status, 'connected')
    assert.isAbove(fakes.x.count('token', 'issued', 'authorization_code'), 0)

    const list = await client
      .get('/v1/integrations/oauth/connections')
      .bearerToken(account.token)
      .qs({ kind: 'social' })
    assert.deepEqual(
      list.body().data.map((item: any) => [item.id, item.kind]),
      [[id, 'social']]
    )
    const none = await client
      .get('/v1/integrations/oauth/connections')
      .bearerToken(account.token)
      .qs({ platform_name: 'google' })
    assert.lengthOf(none.body().data, 0)
  })

  test('a replayed callback is refused and does not reach the provider again', async ({
    client,
    assert,
  }) => {
    const fake = fakes.google
    const account = await registerAccount(client, 'oauthreplay')
    const location = await fake.authorize(await startAuthorization(client, account, 'google'))
    const exchanges = fake.count('token', undefined, 'authorization_code')
    ;(await client.get(callbackPath(location))).assertStatus(200)
    const replay = await client.get(callbackPath(location))
    replay.assertStatus(400)
    await assertMatchesSpec(replay)
    assert.equal(replay.body().type, '/problems/oauth-state-invalid')
    assert.equal(fake.count('token', undefined, 'authorization_code'), exchanges + 1)

    const forged = await client.get(
      '/v1/integrations/oauth/google/callback?code=x&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    )
    forged.assertStatus(400)
    assert.equal(forged.body().type, '/problems/oauth-state-invalid')
    const missing = await client.get('/v1/integrations/oauth/google/callback?code=x')
    missing.assertStatus(400)
  })

  test('two concurrent callbacks with the same state: exactly one connects', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthrace')
    const location = await fakes.google.authorize(
      await startAuthorization(client, account, 'google')
    )
    const responses = await Promise.all([
      client.get(callbackPath(location)),
      client.get(callbackPath(location)),
    ])
    assert.sameMembers(
      responses.map((response) => response.status()),
      [200, 400]
    )
  })

  test('an expired state is refused', async ({ client, assert }) => {
    const account = await registerAccount(client, 'oauthexpired')
    const location = await fakes.google.authorize(
      await startAuthorization(client, account, 'google')
    )
    await db.rawQuery(
      "update oauth_states set expires_at = now() - interval '1 second' where user_id = ?",
      [account.id]
    )
    const response = await client.get(callbackPath(location))
    response.assertStatus(400)
    assert.equal(response.body().type, '/problems/oauth-state-expired')
    const list = await client.get('/v1/integrations/oauth/connections').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('a state used on another provider’s callback is refused and burnt', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthwrongprovider')
    const location = await fakes.google.authorize(
      await startAuthorization(client, account, 'google')
    )
    const wrong = await client.get(callbackPath(location).replace('/oauth/google/', '/oauth/x/'))
    wrong.assertStatus(400)
    assert.match(wrong.body().detail, /another provider/)
    const right = await client.get(callbackPath(location))
    right.assertStatus(400)
    assert.equal(right.body().type, '/problems/oauth-state-invalid')
  })

  test('a provider error response is refused (JSON, or redirect to return_to)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthdenied')
    const denied = await fakes.google.authorize(
      await startAuthorization(client, account, 'google'),
      'deny'
    )
    const response = await client.get(callbackPath(denied))
    response.assertStatus(400)
    assert.equal(response.body().type, '/problems/oauth-authorization-denied')
    assert.match(response.body().detail, /access_denied/)

    const returnTo = `${testServerUrl()}/app/done`
    const deniedAgain = await fakes.google.authorize(
      await startAuthorization(client, account, 'google', { return_to: returnTo }),
      'deny'
    )
    const redirected = await client.get(callbackPath(deniedAgain)).redirects(0)
    redirected.assertStatus(303)
    const landing = new URL(redirected.header('location')!)
    assert.equal(landing.searchParams.get('oauth_status'), 'error')
    assert.equal(landing.searchParams.get('oauth_error'), 'oauth-authorization-denied')
    const list = await client.get('/v1/integrations/oauth/connections').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('a tampered PKCE verifier fails the code exchange at the provider', async ({
    client,
    assert,
  }) => {
    const fake = fakes.google
    const account = await registerAccount(client, 'oauthpkce')
    const location = await fake.authorize(await startAuthorization(client, account, 'google'))
    await db.rawQuery('update oauth_states set code_verifier_encrypted = ? where user_id = ?', [
      sealText('a'.repeat(43), 'oauth.code_verifier'),
      account.id,
    ])
    const mismatches = fake.count('token', 'invalid_grant:pkce_mismatch')
    const response = await client.get(callbackPath(location))
    response.assertStatus(400)
    await assertMatchesSpec(response)
    assert.equal(response.body().type, '/problems/oauth-exchange-failed')
    assert.equal(fake.count('token', 'invalid_grant:pkce_mismatch'), mismatches + 1)
    const list = await client.get('/v1/integrations/oauth/connections').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('invalid input is 422', async ({ client, assert }) => {
    const account = await registerAccount(client, 'oauthinvalid')
    for (const body of [
      { scopes: [] },
      { scopes: ['has space'] },
      { scopes: 'openid' },
      { return_to: 'https://evil.example.test/steal' },
      { return_to: 'javascript:alert(1)' },
    ]) {
      const response = await client
        .post('/v1/integrations/oauth/google/authorize')
        .bearerToken(account.token)
        .json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
    }
    for (const qs of [{ kind: 'other' }, { platform_name: 'BAD NAME' }, { limit: 0 }]) {
      const response = await client
        .get('/v1/integrations/oauth/connections')
        .bearerToken(account.token)
        .qs(qs)
      response.assertStatus(422)
    }
    assert.lengthOf(
      (await db.rawQuery('select 1 from oauth_states where user_id = ?', [account.id])).rows,
      0,
      'a refused authorization stores no state'
    )
  })
})
