import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('API keys', () => {
  test('admins create a key shown once; it authenticates within its workspace and scopes', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'keyadmin')
    const workspace = await createWorkspace(client, admin)
    const created = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'CRM sync', scopes: ['preferences:read', 'workspaces:read'] })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const key = created.body().key
    assert.match(key, /^aip_sk_/)
    assert.equal(created.body().api_key.hint, key.slice(-4))

    const listed = await client
      .get('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.lengthOf(listed.body().data, 1)
    assert.notProperty(listed.body().data[0], 'hash')
    assert.notInclude(JSON.stringify(listed.body()), key)

    const me = await client.get('/v1/auth/me').bearerToken(key)
    me.assertStatus(200)
    assert.equal(me.body().via, 'api_key')
    assert.equal(me.body().workspace.id, workspace.id)
    assert.deepEqual(me.body().scopes, ['preferences:read', 'workspaces:read'])

    ;(await client.get('/v1/preferences').bearerToken(key)).assertStatus(200)
    const write = await client
      .put('/v1/preferences/general')
      .bearerToken(key)
      .json({ preference_data: {} })
    write.assertStatus(403)
    await assertMatchesSpec(write)
    ;(
      await client
        .post('/v1/api-keys')
        .bearerToken(key)
        .json({ name: 'escalate', scopes: ['*'] })
    ).assertStatus(403)
    ;(await client.post('/v1/auth/logout').bearerToken(key)).assertStatus(403)

    const otherWorkspace = await client
      .get('/v1/auth/me')
      .bearerToken(key)
      .header('x-workspace-id', admin.personalWorkspaceId)
    otherWorkspace.assertStatus(404)

    const used = await client
      .get('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.isNotNull(used.body().data[0].last_used_at)

    const revoked = await client
      .delete(`/v1/api-keys/${created.body().api_key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    revoked.assertStatus(204)
    ;(await client.get('/v1/auth/me').bearerToken(key)).assertStatus(401)
    ;(
      await client
        .delete(`/v1/api-keys/${created.body().api_key.id}`)
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)
  })

  test('write scopes imply read; unknown scopes and bad input are 422', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'keyscopes')
    const unknown = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .json({ name: 'x', scopes: ['root'] })
    unknown.assertStatus(422)
    await assertMatchesSpec(unknown)
    assert.equal(unknown.body().errors[0].field, 'scopes')
    ;(
      await client.post('/v1/api-keys').bearerToken(admin.token).json({ name: '', scopes: [] })
    ).assertStatus(422)

    const created = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .json({ name: 'writer', scopes: ['preferences:write'] })
    const key = created.body().key
    ;(
      await client
        .put('/v1/preferences/general')
        .bearerToken(key)
        .json({ preference_data: { a: 1 } })
    ).assertStatus(201)
    ;(await client.get('/v1/preferences/general').bearerToken(key)).assertStatus(200)
    ;(await client.get('/v1/workspaces').bearerToken(key)).assertStatus(403)
  })

  test('members who are not admins cannot manage keys; keys of another workspace are 404', async ({
    client,
  }) => {
    const owner = await registerAccount(client, 'keyowner')
    const member = await registerAccount(client, 'keymember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, member, 'member')
    const asMember = (request: ApiRequest) =>
      request.bearerToken(member.token).header('x-workspace-id', workspace.id)
    ;(await asMember(client.get('/v1/api-keys'))).assertStatus(403)
    ;(await asMember(client.post('/v1/api-keys')).json({ name: 'x', scopes: ['*'] })).assertStatus(
      403
    )

    const created = await client
      .post('/v1/api-keys')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'k', scopes: ['*'] })
    const outsider = await registerAccount(client, 'keyoutsider')
    ;(
      await client.delete(`/v1/api-keys/${created.body().api_key.id}`).bearerToken(outsider.token)
    ).assertStatus(404)
    ;(
      await client
        .get('/v1/api-keys')
        .bearerToken(outsider.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)
    ;(await client.get('/v1/auth/me').bearerToken(created.body().key)).assertStatus(200)
  })

  test('a key stops working when its creator leaves the workspace', async ({ client }) => {
    const owner = await registerAccount(client, 'leaveowner')
    const admin = await registerAccount(client, 'leaveadmin')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, admin, 'admin')
    const created = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'k', scopes: ['*'] })
    ;(await client.get('/v1/auth/me').bearerToken(created.body().key)).assertStatus(200)
    await client
      .delete(`/v1/workspaces/${workspace.id}/members/${admin.id}`)
      .bearerToken(owner.token)
    ;(await client.get('/v1/auth/me').bearerToken(created.body().key)).assertStatus(401)
  })
})

test.group('API keys / confinement', () => {
  test("a key cannot reach its creator's other workspaces through any route", async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'confined')
    const home = await createWorkspace(client, admin)
    const elsewhere = await createWorkspace(client, admin)
    const created = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', home.id)
      .json({ name: 'scoped', scopes: ['*'] })
    const key = created.body().key

    const listed = await client.get('/v1/workspaces').bearerToken(key).qs({ limit: 100 })
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((row: { id: string }) => row.id),
      [home.id]
    )
    ;(await client.get(`/v1/workspaces/${elsewhere.id}`).bearerToken(key)).assertStatus(404)
    ;(await client.get(`/v1/workspaces/${elsewhere.id}/members`).bearerToken(key)).assertStatus(404)
    ;(
      await client.patch(`/v1/workspaces/${elsewhere.id}`).bearerToken(key).json({ name: 'x' })
    ).assertStatus(404)
    ;(
      await client.get(`/v1/workspaces/${admin.personalWorkspaceId}`).bearerToken(key)
    ).assertStatus(404)
    ;(
      await client
        .post('/v1/workspaces')
        .bearerToken(key)
        .json({ name: 'child', parent_id: home.id })
    ).assertStatus(403)
    ;(await client.get(`/v1/workspaces/${home.id}/members`).bearerToken(key)).assertStatus(200)
  })
})
