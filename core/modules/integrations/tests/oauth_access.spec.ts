import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import type { FakeOAuthServer } from '#tests/helpers/fake_oauth_server'
import { connect, useFakeProviders } from '#tests/helpers/oauth'

const row = async (table: string, id: string) =>
  (await db.rawQuery(`select * from ${table} where id = ?`, [id])).rows[0]

test.group('OAuth access control', (group) => {
  let fakes: Record<string, FakeOAuthServer>
  group.setup(async () => {
    const setup = await useFakeProviders(['google', 'x'])
    fakes = setup.fakes
    return setup.restore
  })

  test('connections are private: other users and other workspaces get 404 on every route', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'oauthowner')
    const stranger = await registerAccount(client, 'oauthstranger')
    const connection = await connect(client, owner, 'google', fakes.google)
    const teamWorkspace = await createWorkspace(client, owner)
    const routes = [
      ['get', `/v1/integrations/oauth/connections/${connection.id}`],
      ['post', `/v1/integrations/oauth/connections/${connection.id}/refresh`],
      ['delete', `/v1/integrations/oauth/connections/${connection.id}`],
    ] as const
    for (const [method, path] of routes) {
      const other = await client[method](path).bearerToken(stranger.token)
      other.assertStatus(404)
      const elsewhere = await client[method](path)
        .bearerToken(owner.token)
        .header('X-Workspace-Id', teamWorkspace.id)
      elsewhere.assertStatus(404)
    }
    const strangerList = await client
      .get('/v1/integrations/oauth/connections')
      .bearerToken(stranger.token)
    assert.lengthOf(strangerList.body().data, 0)
    const teamList = await client
      .get('/v1/integrations/oauth/connections')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', teamWorkspace.id)
    assert.lengthOf(teamList.body().data, 0)
    const foreignWorkspace = await client
      .post('/v1/integrations/oauth/google/authorize')
      .bearerToken(stranger.token)
      .header('X-Workspace-Id', teamWorkspace.id)
      .json({})
    foreignWorkspace.assertStatus(404)
    for (const path of ['/v1/integrations/oauth/providers', '/v1/integrations/oauth/connections']) {
      const foreign = await client
        .get(path)
        .bearerToken(stranger.token)
        .header('X-Workspace-Id', teamWorkspace.id)
      foreign.assertStatus(404)
    }
    const malformed = await client
      .get('/v1/integrations/oauth/connections/not-a-uuid')
      .bearerToken(owner.token)
    malformed.assertStatus(404)

    // A connection made from the team workspace belongs to that workspace only.
    const teamConnection = await connect(client, owner, 'x', fakes.x, teamWorkspace.id)
    const saved = await row('social_platform_connections', teamConnection.id)
    assert.equal(saved.workspace_id, teamWorkspace.id)
    const fromPersonal = await client
      .get(`/v1/integrations/oauth/connections/${teamConnection.id}`)
      .bearerToken(owner.token)
    fromPersonal.assertStatus(404)
    // Still intact after all those attempts.
    assert.exists(await row('oauth_connections', connection.id))
  })

  test('API keys need the integrations scopes', async ({ client }) => {
    const account = await registerAccount(client, 'oauthkeys')
    const created = await client
      .post('/v1/api-keys')
      .bearerToken(account.token)
      .json({ name: 'reader', scopes: ['integrations:read'] })
    created.assertStatus(201)
    const key = created.body().key
    ;(await client.get('/v1/integrations/oauth/connections').bearerToken(key)).assertStatus(200)
    const start = await client
      .post('/v1/integrations/oauth/google/authorize')
      .bearerToken(key)
      .json({})
    start.assertStatus(403)
  })
})
