import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withTenant, openText } from '#sdk'
import { integrationCredentials } from '../services/integration_connection_service.js'
import { createWorkspace, registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import type { ApiClient } from '@japa/api-client'

const SECRET = 'sk_live_do-not-leak-0123456789'

const create = (client: ApiClient, account: TestAccount, body: Record<string, unknown>) =>
  client.post('/v1/integrations/connections').bearerToken(account.token).json(body)

const stored = async (id: string) =>
  (await db.rawQuery('select * from integration_connections where id = ?', [id])).rows[0]

test.group('Integration connections', () => {
  test('create, list, show, update and delete; credentials are sealed and never returned', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'integrations')
    const created = await create(client, account, {
      service_name: 'mailchimp',
      configuration: { list_id: 'abc', region: 'us6' },
      credentials: { api_key: SECRET },
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const connection = created.body()
    assert.equal(connection.service_name, 'mailchimp')
    assert.equal(connection.connection_status, 'connected')
    assert.equal(connection.sync_status, 'idle')
    assert.deepEqual(connection.credential_fields, ['api_key'])
    assert.deepEqual(connection.configuration, { list_id: 'abc', region: 'us6' })

    const row = await stored(connection.id)
    assert.notInclude(row.credentials_encrypted, SECRET)
    assert.deepEqual(JSON.parse(openText(row.credentials_encrypted, 'integration.credentials')), {
      api_key: SECRET,
    })
    // Server-side code reads them in the user's tenant context.
    const revealed = await withTenant(
      { userId: account.id, workspaceId: account.personalWorkspaceId },
      () => integrationCredentials('mailchimp')
    )
    assert.deepEqual(revealed, { api_key: SECRET })

    const list = await client.get('/v1/integrations/connections').bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((item: any) => item.id),
      [connection.id]
    )
    const shown = await client
      .get(`/v1/integrations/connections/${connection.id}`)
      .bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)

    const updated = await client
      .patch(`/v1/integrations/connections/${connection.id}`)
      .bearerToken(account.token)
      .json({
        sync_status: 'success',
        last_sync_at: '2026-11-28T06:00:00Z',
        credentials: { api_key: 'rotated-key', server_prefix: 'us6' },
      })
    updated.assertStatus(200)
    await assertMatchesSpec(updated)
    assert.equal(updated.body().sync_status, 'success')
    assert.equal(new Date(updated.body().last_sync_at).toISOString(), '2026-11-28T06:00:00.000Z')
    assert.deepEqual(updated.body().credential_fields, ['api_key', 'server_prefix'])
    assert.deepEqual(updated.body().configuration, { list_id: 'abc', region: 'us6' })

    const cleared = await client
      .patch(`/v1/integrations/connections/${connection.id}`)
      .bearerToken(account.token)
      .json({ credentials: null, connection_status: 'disconnected', error_message: null })
    cleared.assertStatus(200)
    assert.deepEqual(cleared.body().credential_fields, [])
    assert.isNull((await stored(connection.id)).credentials_encrypted)

    for (const response of [created, list, shown, updated, cleared]) {
      assert.notInclude(response.text(), SECRET)
      assert.notInclude(response.text(), 'rotated-key')
      assert.notInclude(response.text(), 'credentials_encrypted')
    }

    const filtered = await client
      .get('/v1/integrations/connections')
      .bearerToken(account.token)
      .qs({ connection_status: 'connected' })
    assert.lengthOf(filtered.body().data, 0)

    const deleted = await client
      .delete(`/v1/integrations/connections/${connection.id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    assert.notExists(await stored(connection.id))
    ;(
      await client
        .delete(`/v1/integrations/connections/${connection.id}`)
        .bearerToken(account.token)
    ).assertStatus(404)
  })

  test('one connection per service per user and workspace (409)', async ({ client }) => {
    const account = await registerAccount(client, 'integrationsdup')
    ;(await create(client, account, { service_name: 'slack' })).assertStatus(201)
    const again = await create(client, account, { service_name: 'slack' })
    again.assertStatus(409)
    await assertMatchesSpec(again)
  })

  test('invalid input is 422 and writes nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'integrationsbad')
    for (const body of [
      {},
      { service_name: 'Not Valid' },
      { service_name: 'ok', credentials: {} },
      { service_name: 'ok', credentials: { 'bad name': 'x' } },
      { service_name: 'ok', credentials: { key: 42 } },
      { service_name: 'ok', connection_status: 'maybe' },
      { service_name: 'ok', configuration: 'text' },
      { service_name: 'ok', configuration: { blob: 'x'.repeat(20_000) } },
    ]) {
      const response = await create(client, account, body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
    }
    const list = await client.get('/v1/integrations/connections').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)

    const created = await create(client, account, { service_name: 'ok' })
    for (const body of [
      { last_sync_at: 'yesterday' },
      { sync_status: 'done' },
      { credentials: { '': 'x' } },
    ]) {
      const response = await client
        .patch(`/v1/integrations/connections/${created.body().id}`)
        .bearerToken(account.token)
        .json(body)
      response.assertStatus(422)
    }
    const bad = await client
      .get('/v1/integrations/connections')
      .bearerToken(account.token)
      .qs({ connection_status: 'nope' })
    bad.assertStatus(422)
  })

  test('other users and other workspaces get 404 on every route', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'integrationsowner')
    const stranger = await registerAccount(client, 'integrationsstranger')
    const team = await createWorkspace(client, owner)
    const connection = (
      await create(client, owner, { service_name: 'hubspot-api', credentials: { token: SECRET } })
    ).body()
    const path = `/v1/integrations/connections/${connection.id}`
    const attempts = [
      () => client.get(path),
      () => client.patch(path).json({ sync_status: 'error' }),
      () => client.delete(path),
    ]
    for (const attempt of attempts) {
      ;(await attempt().bearerToken(stranger.token)).assertStatus(404)
      ;(await attempt().bearerToken(owner.token).header('X-Workspace-Id', team.id)).assertStatus(
        404
      )
    }
    const strangerList = await client
      .get('/v1/integrations/connections')
      .bearerToken(stranger.token)
    assert.lengthOf(strangerList.body().data, 0)
    const row = await stored(connection.id)
    assert.equal(row.sync_status, 'idle')
    // The same service can be connected separately in another workspace.
    const inTeam = await client
      .post('/v1/integrations/connections')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', team.id)
      .json({ service_name: 'hubspot-api' })
    inTeam.assertStatus(201)
    assert.equal(inTeam.body().workspace_id, team.id)
  })
})
