import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import { platformConfig as platform } from '#sdk'
import { registerAccount, uniqueEmail } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

/** The per-IP failure counter of the test client's address (127.0.0.1). */
function ipFailures() {
  return limiter.use({
    requests: platform.auth.loginMaxFailuresPerIp,
    duration: `${platform.auth.loginWindowMinutes} minutes`,
  })
}
const CLIENT_KEY = 'login_ip_127.0.0.1'

test.group('Auth / password spraying', (group) => {
  // Start from a clean count for this address and leave none behind: later
  // tests log in from the same address.
  group.each.setup(async () => {
    await ipFailures().delete(CLIENT_KEY)
    return async () => {
      await ipFailures().delete(CLIENT_KEY)
    }
  })

  test('40 e-mails x 1 wrong password from one IP: limited after the per-IP cap', async ({
    client,
    assert,
  }) => {
    const cap = platform.auth.loginMaxFailuresPerIp
    assert.equal(cap, 20, 'documented default')
    const account = await registerAccount(client, 'spray')
    const statuses: number[] = []
    let blocked
    for (let index = 0; index < 40; index++) {
      const response = await client
        .post('/v1/auth/login')
        .json({ email: uniqueEmail(`spray${index}`), password: 'Winter2026!' })
      statuses.push(response.status())
      if (response.status() === 429) blocked ??= response
    }
    assert.deepEqual(statuses.slice(0, cap), Array(cap).fill(401))
    assert.deepEqual(statuses.slice(cap), Array(40 - cap).fill(429))
    blocked!.assertHeader('content-type', 'application/problem+json')
    assert.equal(blocked!.body().status, 429)
    assert.isAbove(Number(blocked!.header('retry-after')), 0)
    assert.isAtMost(Number(blocked!.header('retry-after')), platform.auth.loginWindowMinutes * 60)
    await assertMatchesSpec(blocked!)

    // The address stays locked out even with a right password.
    const right = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: account.password })
    right.assertStatus(429)
  })

  test('concurrent wrong passwords from one IP cannot pass the per-IP cap together', async ({
    client,
    assert,
  }) => {
    const cap = platform.auth.loginMaxFailuresPerIp
    const responses = await Promise.all(
      Array.from({ length: cap * 2 }, (_, index) =>
        client
          .post('/v1/auth/login')
          .json({ email: uniqueEmail(`burst${index}`), password: 'Winter2026!' })
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 401).length, cap)
    assert.equal(statuses.filter((status) => status === 429).length, cap)
    assert.equal((await ipFailures().get(CLIENT_KEY))?.consumed, cap)
  })

  test('successful logins do not count against the address', async ({ client, assert }) => {
    const account = await registerAccount(client, 'busy-office')
    const cap = platform.auth.loginMaxFailuresPerIp
    // More successes than the cap, then failures up to one below it: still allowed.
    for (let index = 0; index < cap + 2; index++) {
      const response = await client
        .post('/v1/auth/login')
        .json({ email: account.email, password: account.password })
      response.assertStatus(200)
      // Keep the per-e-mail throttle out of the way: it counts every attempt.
      await limiter.clear()
    }
    for (let index = 0; index < cap - 1; index++) {
      const response = await client
        .post('/v1/auth/login')
        .json({ email: uniqueEmail('office'), password: 'wrong-password' })
      response.assertStatus(401)
    }
    const last = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: account.password })
    last.assertStatus(200)
    assert.equal((await ipFailures().get(CLIENT_KEY))?.consumed, cap - 1)
  })
})
