import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import { addMember, createApiKey, registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { assertInvalidField, insertBucket, MISSING_ID, sharedWorkspace } from './helpers.js'

test.group('Knowledge conversations / CRUD', () => {
  test('conversations are created, listed by activity in cursor pages, changed and deleted', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kconv')
    const bucket = await insertBucket(account, 'Policies')
    const first = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(account.token)
      .json({ title: 'Refund questions', bucket_ids: [bucket], metadata: { pinned: true } })
    first.assertStatus(201)
    await assertMatchesSpec(first)
    assert.deepInclude(first.body(), {
      title: 'Refund questions',
      bucket_ids: [bucket],
      metadata: { pinned: true },
      user_id: account.id,
      workspace_id: account.personalWorkspaceId,
    })
    const second = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(account.token)
      .json({})
    second.assertStatus(201)
    assert.isNull(second.body().title)
    assert.deepEqual(second.body().bucket_ids, [])

    // Newest activity first, one per page.
    const page1 = await client.get('/v1/knowledge/conversations?limit=1').bearerToken(account.token)
    page1.assertStatus(200)
    await assertMatchesSpec(page1)
    assert.deepEqual(
      page1.body().data.map((c: { id: string }) => c.id),
      [second.body().id]
    )
    assert.isString(page1.body().next_cursor)
    const page2 = await client
      .get(`/v1/knowledge/conversations?limit=1&cursor=${page1.body().next_cursor}`)
      .bearerToken(account.token)
    assert.deepEqual(
      page2.body().data.map((c: { id: string }) => c.id),
      [first.body().id]
    )
    assert.isNull(page2.body().next_cursor)

    const id = first.body().id
    const shown = await client.get(`/v1/knowledge/conversations/${id}`).bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().title, 'Refund questions')

    const renamed = await client
      .patch(`/v1/knowledge/conversations/${id}`)
      .bearerToken(account.token)
      .json({ title: 'Returns', bucket_ids: [], metadata: {} })
    renamed.assertStatus(200)
    await assertMatchesSpec(renamed)
    assert.deepInclude(renamed.body(), { title: 'Returns', bucket_ids: [], metadata: {} })
    const cleared = await client
      .patch(`/v1/knowledge/conversations/${id}`)
      .bearerToken(account.token)
      .json({ title: null })
    cleared.assertStatus(200)
    assert.isNull(cleared.body().title)
    // The rename made it the most recently active.
    const list = await client.get('/v1/knowledge/conversations').bearerToken(account.token)
    assert.equal(list.body().data[0].id, id)

    const messages = await client
      .get(`/v1/knowledge/conversations/${id}/messages`)
      .bearerToken(account.token)
    messages.assertStatus(200)
    await assertMatchesSpec(messages)
    assert.deepEqual(messages.body(), { data: [], next_cursor: null })
    const references = await client
      .get(`/v1/knowledge/conversations/${id}/references`)
      .bearerToken(account.token)
    references.assertStatus(200)
    await assertMatchesSpec(references)
    assert.deepEqual(references.body().data, [])

    const deleted = await client
      .delete(`/v1/knowledge/conversations/${id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    const gone = await client.get(`/v1/knowledge/conversations/${id}`).bearerToken(account.token)
    gone.assertStatus(404)
    await assertMatchesSpec(gone)
    const again = await client
      .delete(`/v1/knowledge/conversations/${id}`)
      .bearerToken(account.token)
    again.assertStatus(404)
  })

  test('bad input is a 422 problem, unknown ids a 404, and nothing is written', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kconvbad')
    const other = await registerAccount(client, 'kconvbad2')
    const foreignBucket = await insertBucket(other, 'Theirs')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ bucket_ids: ['not-a-uuid'] }, 'bucket_ids.0'],
      [{ bucket_ids: [MISSING_ID] }, 'bucket_ids'],
      // Another tenant's bucket is unknown here.
      [{ bucket_ids: [foreignBucket] }, 'bucket_ids'],
      [{ metadata: 'text' }, 'metadata'],
    ]
    for (const [body, field] of cases) {
      const response = await client
        .post('/v1/knowledge/conversations')
        .bearerToken(account.token)
        .json(body)
      await assertInvalidField(response, field, JSON.stringify(body))
    }
    const list = await client.get('/v1/knowledge/conversations').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)

    const badCursor = await client
      .get('/v1/knowledge/conversations?cursor=nope')
      .bearerToken(account.token)
    badCursor.assertStatus(422)
    for (const path of [
      '/v1/knowledge/conversations/not-a-uuid',
      `/v1/knowledge/conversations/${MISSING_ID}`,
      `/v1/knowledge/conversations/${MISSING_ID}/messages`,
      `/v1/knowledge/conversations/${MISSING_ID}/references`,
    ]) {
      const response = await client.get(path).bearerToken(account.token)
      response.assertStatus(404)
    }
    const created = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(account.token)
      .json({ title: 'Keep' })
    const patch = await client
      .patch(`/v1/knowledge/conversations/${created.body().id}`)
      .bearerToken(account.token)
      .json({ title: 'Changed', bucket_ids: [MISSING_ID] })
    patch.assertStatus(422)
    const kept = await client
      .get(`/v1/knowledge/conversations/${created.body().id}`)
      .bearerToken(account.token)
    assert.equal(kept.body().title, 'Keep')
    const badMessage = await client
      .post(`/v1/knowledge/conversations/${created.body().id}/messages`)
      .bearerToken(account.token)
      .json({ content: '   ' })
    badMessage.assertStatus(422)
    const tooLong = await client
      .post(`/v1/knowledge/conversations/${created.body().id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'x'.repeat(4001) })
    tooLong.assertStatus(422)
  })
})

test.group('Knowledge conversations / privacy and tenancy', () => {
  test('conversations are private to their user: a colleague and a stranger get 404', async ({
    client,
    assert,
  }) => {
    const {
      owner,
      member: colleague,
      team,
    } = await sharedWorkspace(client, { owner: 'kconvowner', member: 'kconvcolleague' }, 'admin')
    const stranger = await registerAccount(client, 'kconvstranger')
    const inTeam = (account: TestAccount) => (request: ApiRequest) =>
      request.bearerToken(account.token).header('x-workspace-id', team.id)
    const created = await inTeam(owner)(client.post('/v1/knowledge/conversations')).json({
      title: 'Private thoughts',
    })
    created.assertStatus(201)
    const id = created.body().id

    const attempts = (as: (request: ApiRequest) => ApiRequest) => [
      as(client.get(`/v1/knowledge/conversations/${id}`)),
      as(client.patch(`/v1/knowledge/conversations/${id}`)).json({ title: 'Hijacked' }),
      as(client.get(`/v1/knowledge/conversations/${id}/messages`)),
      as(client.post(`/v1/knowledge/conversations/${id}/messages`)).json({ content: 'Hijack?' }),
      as(client.get(`/v1/knowledge/conversations/${id}/references`)),
      as(client.delete(`/v1/knowledge/conversations/${id}`)),
    ]
    // A colleague in the same workspace (even an admin), and a stranger in their own workspace.
    const strangerAs = (request: ApiRequest) => request.bearerToken(stranger.token)
    for (const as of [inTeam(colleague), strangerAs]) {
      for (const attempt of attempts(as)) {
        const response = await attempt
        response.assertStatus(404)
        await assertMatchesSpec(response)
      }
      const list = await as(client.get('/v1/knowledge/conversations'))
      list.assertStatus(200)
      assert.lengthOf(list.body().data, 0)
    }
    const still = await inTeam(owner)(client.get(`/v1/knowledge/conversations/${id}`))
    still.assertStatus(200)
    assert.equal(still.body().title, 'Private thoughts')
    // The owner's personal workspace does not show the team conversation either.
    const personal = await client.get('/v1/knowledge/conversations').bearerToken(owner.token)
    assert.lengthOf(personal.body().data, 0)

    // A viewer may converse too (reading the knowledge base), privately as well.
    const viewer = await registerAccount(client, 'kconvviewer')
    await addMember(client, owner, team.id, viewer, 'viewer')
    const viewerConversation = await inTeam(viewer)(
      client.post('/v1/knowledge/conversations')
    ).json({})
    viewerConversation.assertStatus(201)
    const asked = await inTeam(viewer)(
      client.post(`/v1/knowledge/conversations/${viewerConversation.body().id}/messages`)
    ).json({ content: 'Anything about pricing?' })
    asked.assertStatus(201)
    const ownerView = await inTeam(owner)(
      client.get(`/v1/knowledge/conversations/${viewerConversation.body().id}`)
    )
    ownerView.assertStatus(404)
    const ownerList = await inTeam(owner)(client.get('/v1/knowledge/conversations'))
    assert.deepEqual(
      ownerList.body().data.map((c: { id: string }) => c.id),
      [id]
    )
  })

  test('API keys need knowledge:read to read and knowledge:write to write', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kconvkeys')
    const reader = await createApiKey(client, owner, owner.personalWorkspaceId, ['knowledge:read'])
    const writer = await createApiKey(client, owner, owner.personalWorkspaceId, ['knowledge:write'])
    const other = await createApiKey(client, owner, owner.personalWorkspaceId, ['webhooks:read'])

    const denied = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(reader)
      .json({ title: 'No' })
    denied.assertStatus(403)
    await assertMatchesSpec(denied)
    const created = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(writer)
      .json({ title: 'Via key' })
    created.assertStatus(201)
    // The key acts as the user who created it.
    assert.equal(created.body().user_id, owner.id)
    const listed = await client.get('/v1/knowledge/conversations').bearerToken(reader)
    listed.assertStatus(200)
    assert.equal(listed.body().data[0].id, created.body().id)
    const unrelated = await client.get('/v1/knowledge/conversations').bearerToken(other)
    unrelated.assertStatus(403)
    const noteDenied = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(reader)
      .json({ content: 'x' })
    noteDenied.assertStatus(403)
    const notes = await client.get('/v1/knowledge/research-notes').bearerToken(reader)
    notes.assertStatus(200)
    const deleteDenied = await client
      .delete(`/v1/knowledge/conversations/${created.body().id}`)
      .bearerToken(reader)
    deleteDenied.assertStatus(403)
  })
})
