import { test } from '@japa/runner'
import type { ApiRequest, ApiResponse } from '@japa/api-client'
import { withTenant, rawQuery } from '#sdk'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('Preferences', () => {
  test('put creates (201) then replaces (200) a category; get and list return it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'prefs')
    const created = await client
      .put('/v1/preferences/interface')
      .bearerToken(account.token)
      .json({ preference_data: { theme: 'dark' }, interface_mode: 'advanced' })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().workspace_id, account.personalWorkspaceId)
    assert.equal(created.body().interface_mode, 'advanced')

    const replaced = await client
      .put('/v1/preferences/interface')
      .bearerToken(account.token)
      .json({ preference_data: { theme: 'light' } })
    replaced.assertStatus(200)
    await assertMatchesSpec(replaced)
    assert.equal(replaced.body().id, created.body().id)
    assert.deepEqual(replaced.body().preference_data, { theme: 'light' })
    assert.equal(replaced.body().interface_mode, 'advanced', 'interface_mode is kept when omitted')
    assert.isAbove(
      new Date(replaced.body().updated_at).getTime(),
      new Date(created.body().updated_at).getTime() - 1,
      'updated_at moves forward'
    )
    assert.notEqual(
      replaced.body().updated_at,
      created.body().updated_at,
      'the trigger updates updated_at'
    )

    const shown = await client.get('/v1/preferences/interface').bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    assert.deepEqual(shown.body().preference_data, { theme: 'light' })

    const list = await client.get('/v1/preferences').bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((row: { preference_category: string }) => row.preference_category),
      ['interface']
    )
  })

  test('the list is paginated by category with a cursor', async ({ client, assert }) => {
    const account = await registerAccount(client, 'pages')
    for (const category of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) {
      await client
        .put(`/v1/preferences/${category}`)
        .bearerToken(account.token)
        .json({ preference_data: { category } })
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: ApiResponse = await client
        .get('/v1/preferences')
        .bearerToken(account.token)
        .qs({ limit: 2, ...(cursor ? { cursor } : {}) })
      page.assertStatus(200)
      seen.push(
        ...page.body().data.map((row: { preference_category: string }) => row.preference_category)
      )
      cursor = page.body().next_cursor
    } while (cursor)
    assert.deepEqual(seen, ['alpha', 'bravo', 'charlie', 'delta', 'echo'])

    const bad = await client
      .get('/v1/preferences')
      .bearerToken(account.token)
      .qs({ cursor: 'garbage' })
    bad.assertStatus(422)
    const tooMany = await client
      .get('/v1/preferences')
      .bearerToken(account.token)
      .qs({ limit: 1000 })
    tooMany.assertStatus(422)
    await assertMatchesSpec(tooMany)
  })

  test('invalid input is 422 and writes nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'badprefs')
    for (const body of [
      {},
      { preference_data: 'text' },
      { preference_data: {}, interface_mode: 'expert' },
    ]) {
      const response = await client
        .put('/v1/preferences/general')
        .bearerToken(account.token)
        .json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
    }
    const badCategory = await client
      .put('/v1/preferences/NOT%20valid')
      .bearerToken(account.token)
      .json({ preference_data: {} })
    badCategory.assertStatus(404)
    const list = await client.get('/v1/preferences').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('delete removes a category; deleting it again is 404', async ({ client }) => {
    const account = await registerAccount(client, 'delprefs')
    await client
      .put('/v1/preferences/general')
      .bearerToken(account.token)
      .json({ preference_data: { a: 1 } })
    const removed = await client.delete('/v1/preferences/general').bearerToken(account.token)
    removed.assertStatus(204)
    await assertMatchesSpec(removed)
    ;(await client.get('/v1/preferences/general').bearerToken(account.token)).assertStatus(404)
    ;(await client.delete('/v1/preferences/general').bearerToken(account.token)).assertStatus(404)
  })

  test('preferences are per workspace: the same user sees other data in another workspace', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'perws')
    const workspace = await createWorkspace(client, account)
    await client
      .put('/v1/preferences/general')
      .bearerToken(account.token)
      .json({ preference_data: { where: 'personal' } })
    await client
      .put('/v1/preferences/general')
      .bearerToken(account.token)
      .header('x-workspace-id', workspace.id)
      .json({ preference_data: { where: 'team' } })
    const personal = await client.get('/v1/preferences/general').bearerToken(account.token)
    const team = await client
      .get('/v1/preferences/general')
      .bearerToken(account.token)
      .header('x-workspace-id', workspace.id)
    assert.deepEqual(personal.body().preference_data, { where: 'personal' })
    assert.deepEqual(team.body().preference_data, { where: 'team' })
  })
})

test.group('Preferences / isolation between users', () => {
  test('another user can neither read, change nor delete them through any route (404)', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'victim')
    const intruder = await registerAccount(client, 'intruder')
    await client
      .put('/v1/preferences/secret')
      .bearerToken(owner.token)
      .json({ preference_data: { key: 'owner-only' } })

    const asIntruder = (request: ApiRequest) =>
      request.bearerToken(intruder.token).header('x-workspace-id', owner.personalWorkspaceId)

    ;(await asIntruder(client.get('/v1/preferences'))).assertStatus(404)
    ;(await asIntruder(client.get('/v1/preferences/secret'))).assertStatus(404)
    ;(
      await asIntruder(client.put('/v1/preferences/secret')).json({
        preference_data: { key: 'stolen' },
      })
    ).assertStatus(404)
    ;(await asIntruder(client.delete('/v1/preferences/secret'))).assertStatus(404)

    // In their own workspace the intruder simply has no such category.
    ;(await client.get('/v1/preferences/secret').bearerToken(intruder.token)).assertStatus(404)
    const intruderList = await client.get('/v1/preferences').bearerToken(intruder.token)
    assert.lengthOf(intruderList.body().data, 0)

    const still = await client.get('/v1/preferences/secret').bearerToken(owner.token)
    assert.deepEqual(still.body().preference_data, { key: 'owner-only' })
  })

  test("members of the same workspace, even owners, cannot see each other's preferences", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'teamowner')
    const member = await registerAccount(client, 'teammember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, member, 'admin')
    await client
      .put('/v1/preferences/private')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
      .json({ preference_data: { mine: true } })

    const ownerView = await client
      .get('/v1/preferences/private')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    ownerView.assertStatus(404)
    const ownerList = await client
      .get('/v1/preferences')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    assert.lengthOf(ownerList.body().data, 0)
    const ownerDelete = await client
      .delete('/v1/preferences/private')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    ownerDelete.assertStatus(404)
    const memberView = await client
      .get('/v1/preferences/private')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
    memberView.assertStatus(200)
  })

  test("raw SQL as app_authenticated in another user's context sees and changes nothing", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'rawowner')
    const other = await registerAccount(client, 'rawother')
    await client
      .put('/v1/preferences/general')
      .bearerToken(owner.token)
      .json({ preference_data: { x: 1 } })

    // The other user in their own workspace, then claiming the owner's workspace.
    for (const workspaceId of [other.personalWorkspaceId, owner.personalWorkspaceId]) {
      await withTenant({ userId: other.id, workspaceId }, async ({ trx }) => {
        const visible = await rawQuery(trx, 'select * from user_preferences where user_id = ?', [
          owner.id,
        ])
        assert.lengthOf(visible.rows, 0)
        const all = await rawQuery(trx, 'select count(*)::int as n from user_preferences')
        assert.equal(all.rows[0].n, 0)
        const updated = await rawQuery(
          trx,
          "update user_preferences set preference_data = '{}' where user_id = ?",
          [owner.id]
        )
        assert.equal(updated.rowCount, 0)
        const deleted = await rawQuery(trx, 'delete from user_preferences where user_id = ?', [
          owner.id,
        ])
        assert.equal(deleted.rowCount, 0)
      })
    }

    await assert.rejects(
      () =>
        withTenant({ userId: other.id, workspaceId: owner.personalWorkspaceId }, ({ trx }) =>
          rawQuery(
            trx,
            "insert into user_preferences (workspace_id, user_id, preference_category) values (?, ?, 'planted')",
            [owner.personalWorkspaceId, owner.id]
          )
        ),
      /row-level security/
    )

    const ownerView = await client.get('/v1/preferences/general').bearerToken(owner.token)
    assert.deepEqual(ownerView.body().preference_data, { x: 1 })
  })
})
