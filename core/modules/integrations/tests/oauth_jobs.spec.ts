import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { enqueue, withService, openText } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import type { FakeOAuthServer } from '#tests/helpers/fake_oauth_server'
import { connect, startAuthorization, useFakeProviders } from '#tests/helpers/oauth'

const connectionRow = async (id: string) =>
  (await db.rawQuery('select * from oauth_connections where id = ?', [id])).rows[0]

/** Pending jobs of a task, optionally for one connection. */
const jobsOf = async (task: string, connectionId?: string) =>
  (
    await db.rawQuery(
      `select j.* from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = ? and (?::text is null or j.payload->>'connection_id' = ?::text)`,
      [task, connectionId ?? null, connectionId ?? null]
    )
  ).rows

/** Waits until the connection's access token is no longer `previous` and returns the row. */
const tokenChanged = (id: string, previous: string) =>
  waitFor(async () => {
    const current = await connectionRow(id)
    return current && current.access_token_encrypted !== previous ? current : null
  })

test.group('OAuth jobs', (group) => {
  let fake: FakeOAuthServer
  group.setup(async () => {
    const setup = await useFakeProviders(['google'])
    fake = setup.fakes.google
    const platform = await app.container.make('platform')
    await platform.startWorker()
    return async () => {
      await platform.jobs.stop()
      await db.rawQuery(`delete from graphile_worker._private_jobs where task_id in
        (select id from graphile_worker._private_tasks where identifier like 'core/oauth%')`)
      await setup.restore()
    }
  })

  test('connecting schedules the refresh shortly before the token expires', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthschedule')
    const connection = await connect(client, account, 'google', fake)
    const [job] = await jobsOf('core/oauth_refresh', connection.id)
    assert.exists(job)
    assert.equal(job.key, `${account.personalWorkspaceId}:oauth-refresh:${connection.id}`)
    const lead = new Date(connection.token_expires_at).getTime() - new Date(job.run_at).getTime()
    assert.closeTo(lead, 5 * 60_000, 5_000)
  })

  test('the refresh job rotates the tokens (on demand), and the old refresh token dies', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthrefresh')
    const connection = await connect(client, account, 'google', fake)
    const before = await connectionRow(connection.id)
    const oldRefresh = openText(before.refresh_token_encrypted, 'oauth.refresh_token')
    const refreshes = fake.count('token', 'issued', 'refresh_token')

    const response = await client
      .post(`/v1/integrations/oauth/connections/${connection.id}/refresh`)
      .bearerToken(account.token)
    response.assertStatus(202)
    await assertMatchesSpec(response)

    const after = await tokenChanged(connection.id, before.access_token_encrypted)
    assert.equal(fake.count('token', 'issued', 'refresh_token'), refreshes + 1)
    const newAccess = openText(after.access_token_encrypted, 'oauth.access_token')
    const newRefresh = openText(after.refresh_token_encrypted, 'oauth.refresh_token')
    assert.notEqual(newRefresh, oldRefresh)
    assert.include(fake.liveTokens('access'), newAccess)
    assert.include(fake.liveTokens('refresh'), newRefresh)
    assert.notInclude(fake.liveTokens('refresh'), oldRefresh, 'the provider rotated it')
    assert.equal(after.connection_status, 'connected')
    assert.exists(after.connection_metadata.last_refreshed_at)
    assert.isAbove(
      new Date(after.token_expires_at).getTime(),
      new Date(before.token_expires_at).getTime() - 1
    )
    // The next refresh is scheduled for the new token.
    const next = await waitFor(async () => {
      const [job] = await jobsOf('core/oauth_refresh', connection.id)
      return job && job.attempts === 0 && !job.locked_at ? job : null
    })
    assert.closeTo(
      new Date(after.token_expires_at).getTime() - new Date(next.run_at).getTime(),
      5 * 60_000,
      5_000
    )
  })

  test('a short-lived token is refreshed by the scheduled job before it expires', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthautorefresh')
    fake.options.expiresIn = 4
    let connection
    try {
      connection = await connect(client, account, 'google', fake)
    } finally {
      fake.options.expiresIn = 3600
    }
    const first = await connectionRow(connection.id)
    const after = await tokenChanged(connection.id, first.access_token_encrypted)
    assert.isBelow(
      Date.now(),
      new Date(first.token_expires_at).getTime() + 1_000,
      'refreshed before the old token expired'
    )
    assert.closeTo(new Date(after.token_expires_at).getTime(), Date.now() + 3600_000, 60_000)
  })

  test('without a refresh token nothing is scheduled and an on-demand refresh is 409', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthnorefresh')
    fake.options.issueRefreshTokens = false
    let connection
    try {
      connection = await connect(client, account, 'google', fake)
    } finally {
      fake.options.issueRefreshTokens = true
    }
    assert.isFalse(connection.has_refresh_token)
    assert.isNull((await connectionRow(connection.id)).refresh_token_encrypted)
    assert.lengthOf(await jobsOf('core/oauth_refresh', connection.id), 0)
    const response = await client
      .post(`/v1/integrations/oauth/connections/${connection.id}/refresh`)
      .bearerToken(account.token)
    response.assertStatus(409)
    await assertMatchesSpec(response)
  })

  test('a refused refresh marks the connection expired without retrying', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthrefused')
    const connection = await connect(client, account, 'google', fake)
    fake.revokeAllRefreshTokens()
    await client
      .post(`/v1/integrations/oauth/connections/${connection.id}/refresh`)
      .bearerToken(account.token)
    const expired = await waitFor(async () => {
      const current = await connectionRow(connection.id)
      return current.connection_status === 'expired' ? current : null
    })
    assert.equal(expired.connection_metadata.last_error, 'invalid_grant')
    // The job finished (no retry) and scheduled nothing more.
    await waitFor(async () => (await jobsOf('core/oauth_refresh', connection.id)).length === 0)
    const shown = await client
      .get(`/v1/integrations/oauth/connections/${connection.id}`)
      .bearerToken(account.token)
    assert.equal(shown.body().connection_status, 'expired')
  })

  test('disconnect deletes the tokens and revokes them at the provider', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthdisconnect')
    const connection = await connect(client, account, 'google', fake)
    const saved = await connectionRow(connection.id)
    const access = openText(saved.access_token_encrypted, 'oauth.access_token')
    const refresh = openText(saved.refresh_token_encrypted, 'oauth.refresh_token')

    const response = await client
      .delete(`/v1/integrations/oauth/connections/${connection.id}`)
      .bearerToken(account.token)
    response.assertStatus(204)
    assert.notExists(await connectionRow(connection.id))
    ;(
      await client
        .get(`/v1/integrations/oauth/connections/${connection.id}`)
        .bearerToken(account.token)
    ).assertStatus(404)

    await waitFor(async () => fake.revoked.includes(access) && fake.revoked.includes(refresh))
    assert.notInclude(fake.liveTokens('access'), access)
    assert.notInclude(fake.liveTokens('refresh'), refresh)
    // The revocation job is done and left nothing behind.
    await waitFor(async () => (await jobsOf('core/oauth_revoke')).length === 0)
  })

  test('the hourly cleanup job deletes expired states and keeps live ones', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'oauthcleanup')
    await startAuthorization(client, account, 'google')
    await startAuthorization(client, account, 'google')
    await db.rawQuery(
      `update oauth_states set expires_at = now() - interval '1 minute'
        where id = (select id from oauth_states where user_id = ? order by created_at limit 1)`,
      [account.id]
    )
    const { id } = await withService(() => enqueue('core/oauth_cleanup_states'))
    await waitFor(async () => {
      const job = await db.rawQuery('select 1 from graphile_worker._private_jobs where id = ?', [
        id,
      ])
      return job.rows.length === 0
    })
    const left = (
      await db.rawQuery('select expires_at from oauth_states where user_id = ?', [account.id])
    ).rows
    assert.lengthOf(left, 1)
    assert.isAbove(new Date(left[0].expires_at).getTime(), Date.now())
  })

  test('the refresh sweep reschedules connections that are due', async ({ client }) => {
    const account = await registerAccount(client, 'oauthsweep')
    const connection = await connect(client, account, 'google', fake)
    const before = await connectionRow(connection.id)
    await db.rawQuery(
      `delete from graphile_worker._private_jobs where payload->>'connection_id' = ?`,
      [connection.id]
    )
    await db.rawQuery(
      "update oauth_connections set token_expires_at = now() + interval '1 second' where id = ?",
      [connection.id]
    )
    await withService(() => enqueue('core/oauth_refresh_due'))
    await tokenChanged(connection.id, before.access_token_encrypted)
  })
})
