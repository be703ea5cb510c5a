import { test } from '@japa/runner'
import { withService } from '#sdk'
import { registerAccount, uniqueEmail } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('Auth / register and login', () => {
  test('registration creates a user, a personal workspace and a working token', async ({
    client,
    assert,
  }) => {
    const email = uniqueEmail('reg')
    const response = await client
      .post('/v1/auth/register')
      .json({ email, password: 'long-enough-password', full_name: 'Reg User' })
    response.assertStatus(201)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.user.email, email)
    assert.notProperty(body.user, 'password')
    assert.isTrue(body.workspace.is_personal)
    assert.equal(body.workspace.role, 'owner')
    assert.match(body.token.value, /^aip_at_/)

    const me = await client.get('/v1/auth/me').bearerToken(body.token.value)
    me.assertStatus(200)
    await assertMatchesSpec(me)
    assert.equal(me.body().user.id, body.user.id)
    assert.equal(me.body().workspace.id, body.user.personal_workspace_id)
  })

  test('a second registration with the same e-mail in other case is a conflict', async ({
    client,
  }) => {
    const account = await registerAccount(client, 'dup')
    const response = await client
      .post('/v1/auth/register')
      .json({ email: account.email.toUpperCase(), password: 'another-password-1' })
    response.assertStatus(409)
    response.assertHeader('content-type', 'application/problem+json')
    await assertMatchesSpec(response)
  })

  test('invalid registration input is a 422 with per-field errors', async ({ client, assert }) => {
    const response = await client
      .post('/v1/auth/register')
      .json({ email: 'not-an-email', password: 'short' })
    response.assertStatus(422)
    await assertMatchesSpec(response)
    const fields = response.body().errors.map((error: { field: string }) => error.field)
    assert.includeMembers(fields, ['email', 'password'])
    assert.equal(response.body().type, '/problems/validation-error')
  })

  test('login returns a token; a wrong password is 401 without saying which part was wrong', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'login')
    const ok = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: account.password })
    ok.assertStatus(200)
    await assertMatchesSpec(ok)
    assert.match(ok.body().token.value, /^aip_at_/)

    const wrong = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: 'wrong-password' })
    wrong.assertStatus(401)
    await assertMatchesSpec(wrong)
    const unknown = await client
      .post('/v1/auth/login')
      .json({ email: uniqueEmail('nobody'), password: 'wrong-password' })
    unknown.assertStatus(401)
    assert.equal(wrong.body().detail, unknown.body().detail)
  })

  test('login is throttled per e-mail and address after too many attempts', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'throttle')
    const statuses: number[] = []
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await client
        .post('/v1/auth/login')
        .json({ email: account.email, password: 'bad-password' })
      statuses.push(response.status())
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401))
    assert.equal(statuses[10], 429)
    const blocked = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: account.password })
    blocked.assertStatus(429)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    await assertMatchesSpec(blocked)
  })
})

test.group('Auth / tokens', () => {
  test('a request without a token, or with a malformed one, is 401 problem+json', async ({
    client,
  }) => {
    const missing = await client.get('/v1/auth/me')
    missing.assertStatus(401)
    missing.assertHeader('www-authenticate', 'Bearer')
    missing.assertHeader('content-type', 'application/problem+json')
    const malformed = await client.get('/v1/auth/me').bearerToken('aip_at_bm90LWEtdXVpZA.c2VjcmV0')
    malformed.assertStatus(401)
    const forged = await client
      .get('/v1/auth/me')
      .bearerToken(
        `aip_at_${Buffer.from('00000000-0000-4000-8000-000000000000').toString('base64url')}.eHh4`
      )
    forged.assertStatus(401)
  })

  test('logout revokes the token used', async ({ client }) => {
    const account = await registerAccount(client, 'logout')
    const response = await client.post('/v1/auth/logout').bearerToken(account.token)
    response.assertStatus(204)
    await assertMatchesSpec(response)
    const after = await client.get('/v1/auth/me').bearerToken(account.token)
    after.assertStatus(401)
  })

  test('rotation issues a new token and revokes the old one', async ({ client, assert }) => {
    const account = await registerAccount(client, 'rotate')
    const response = await client.post('/v1/auth/tokens/rotate').bearerToken(account.token)
    response.assertStatus(201)
    await assertMatchesSpec(response)
    const fresh = response.body().value
    assert.notEqual(fresh, account.token)
    ;(await client.get('/v1/auth/me').bearerToken(account.token)).assertStatus(401)
    ;(await client.get('/v1/auth/me').bearerToken(fresh)).assertStatus(200)
  })

  test('an expired token is refused', async ({ client }) => {
    const account = await registerAccount(client, 'expired')
    await withService(({ trx }) =>
      trx
        .from('auth_access_tokens')
        .where('tokenable_id', account.id)
        .update({ expires_at: new Date(Date.now() - 1000) })
    )
    const response = await client.get('/v1/auth/me').bearerToken(account.token)
    response.assertStatus(401)
  })
})
