import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { readEventStream } from '#tests/helpers/event_stream'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { serviceRows } from '#tests/helpers/service_rows'

const SHOP = 'https://shop.example.test'

/** A workspace with a publishable key, a secret key and a token minter. */
async function embedWorkspace(client: ApiClient, prefix: string) {
  const owner = await registerAccount(client, `${prefix}owner`)
  const workspace = await createWorkspace(client, owner)
  const key = await createEmbedKey(client, owner, workspace.id)
  const secret = await createEmbedSecretKey(client, owner, workspace.id)
  const token = (sub: string, scope = 'chat') => mintSessionToken(secret, { sub, scope })
  return { owner, workspace, key, secret, token }
}

/** Requests as a widget: the publishable key, the page origin and the session token. */
function widget(client: ApiClient, publicKey: string, token: string) {
  const headers = (request: ReturnType<ApiClient['get']>) =>
    request
      .header('origin', SHOP)
      .header('x-embed-key', publicKey)
      .header('authorization', `Bearer ${token}`)
  return {
    get: (path: string) => headers(client.get(path)),
    post: (path: string) => headers(client.post(path)),
  }
}

test.group('Embed chat (copilot chat for a session end user)', () => {
  test('an end user starts a session, chats (JSON and streamed) and reads their history', async ({
    client,
    assert,
  }) => {
    const { workspace, key, token } = await embedWorkspace(client, 'echat')
    const ada = widget(client, key.public_key, await token('ada'))

    const created = await ada.post('/v1/embed/chat/sessions').json({ title: 'Launch plan' })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.header('access-control-allow-origin'), SHOP)
    const session = created.body()
    assert.isNull(session.user_id)
    assert.isString(session.end_user_id)

    const sent = await ada
      .post(`/v1/embed/chat/sessions/${session.id}/messages`)
      .json({ content: 'Which channels suit a product launch for small bakeries?' })
    sent.assertStatus(201)
    await assertMatchesSpec(sent)
    assert.equal(sent.body().ai_response.status, 'complete')
    assert.isAbove(sent.body().ai_response.content.length, 0)

    const streamed = await readEventStream(`/v1/embed/chat/sessions/${session.id}/messages`, {
      token: await token('ada'),
      body: { content: 'And a budget split?' },
      headers: { 'origin': SHOP, 'x-embed-key': key.public_key },
    })
    assert.equal(streamed.status, 200)
    assert.equal(streamed.headers.get('access-control-allow-origin'), SHOP)
    const names = streamed.events.map((event) => event.event)
    assert.equal(names[0], 'start')
    assert.include(names, 'delta')
    assert.equal(names.at(-1), 'done')
    const done = streamed.events.at(-1)!.data
    assert.equal(done.message.user_message, 'And a budget split?')

    const history = await ada.get(`/v1/embed/chat/sessions/${session.id}/messages`)
    history.assertStatus(200)
    await assertMatchesSpec(history)
    assert.deepEqual(
      history.body().data.map((row: { user_message: string }) => row.user_message),
      ['Which channels suit a product launch for small bakeries?', 'And a budget split?']
    )
    const listed = await ada.get('/v1/embed/chat/sessions')
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.deepEqual(
      listed.body().data.map((row: { id: string }) => row.id),
      [session.id]
    )
    // Stored with the end user as owner, metered to the workspace.
    const rows = await serviceRows(
      'select s.user_id, u.external_id from chat_sessions s join embed_end_users u on u.id = s.end_user_id where s.id = ?',
      [session.id]
    )
    assert.deepEqual(rows, [{ user_id: null, external_id: 'ada' }])
    const usage = await serviceRows(
      "select count(*)::int as n from ai_usage_events where workspace_id = ? and purpose = 'chat'",
      [workspace.id]
    )
    assert.equal(usage[0].n, 2)
  })

  test("end user B sees none of end user A's sessions or messages; members do not either", async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, token } = await embedWorkspace(client, 'echatab')
    const ada = widget(client, key.public_key, await token('ada'))
    const bob = widget(client, key.public_key, await token('bob'))
    const session = (await ada.post('/v1/embed/chat/sessions').json({ title: 'Mine' })).body()
    await ada.post(`/v1/embed/chat/sessions/${session.id}/messages`).json({ content: 'Secret' })

    assert.lengthOf((await bob.get('/v1/embed/chat/sessions')).body().data, 0)
    ;(await bob.get(`/v1/embed/chat/sessions/${session.id}/messages`)).assertStatus(404)
    ;(
      await bob.post(`/v1/embed/chat/sessions/${session.id}/messages`).json({ content: 'Hijack' })
    ).assertStatus(404)
    // The workspace's members have their own chat; end users' sessions are not theirs.
    const members = await client
      .get('/v1/chat/sessions')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    assert.lengthOf(members.body().data, 0)
    ;(
      await client
        .get(`/v1/chat/sessions/${session.id}`)
        .bearerToken(owner.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)
  })

  test('another workspace: its key with this token, or its token, reach nothing here', async ({
    client,
    assert,
  }) => {
    const a = await embedWorkspace(client, 'echatxa')
    const b = await embedWorkspace(client, 'echatxb')
    const session = (
      await widget(client, a.key.public_key, await a.token('ada'))
        .post('/v1/embed/chat/sessions')
        .json({})
    ).body()
    // A's token with B's key: A's secret key is unknown in B.
    const crossed = await widget(client, b.key.public_key, await a.token('ada')).get(
      '/v1/embed/chat/sessions'
    )
    crossed.assertStatus(401)
    // B's own end user "ada" is another person: A's session is not found.
    const bAda = widget(client, b.key.public_key, await b.token('ada'))
    assert.lengthOf((await bAda.get('/v1/embed/chat/sessions')).body().data, 0)
    ;(await bAda.get(`/v1/embed/chat/sessions/${session.id}/messages`)).assertStatus(404)
  })

  test('needs a session with the chat scope; a revoked or erased end user loses access', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, secret, token } = await embedWorkspace(client, 'echatscope')
    const noToken = await client
      .get('/v1/embed/chat/sessions')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
    noToken.assertStatus(401)
    const wrongScope = await widget(client, key.public_key, await token('ada', 'support:read')).get(
      '/v1/embed/chat/sessions'
    )
    wrongScope.assertStatus(403)
    assert.match(wrongScope.body().detail, /^insufficient scope:/)

    const ada = widget(client, key.public_key, await token('ada'))
    const session = (await ada.post('/v1/embed/chat/sessions').json({})).body()
    const endUserId = session.end_user_id
    const asOwner = (request: ReturnType<ApiClient['get']>) =>
      request.bearerToken(owner.token).header('x-workspace-id', workspace.id)
    ;(await asOwner(client.post(`/v1/embed/end-users/${endUserId}/revoke-sessions`))).assertStatus(
      200
    )
    ;(await ada.get('/v1/embed/chat/sessions')).assertStatus(401)

    // Erasure removes the end user's chat with them.
    ;(await asOwner(client.delete(`/v1/embed/end-users/${endUserId}`))).assertStatus(204)
    const left = await serviceRows('select id from chat_sessions where id = ?', [session.id])
    assert.lengthOf(left, 0)
    const fresh = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'ada', scope: 'chat' })
    )
    assert.lengthOf((await fresh.get('/v1/embed/chat/sessions')).body().data, 0)
  })

  test('bad input is a 422 or a 404', async ({ client }) => {
    const { key, token } = await embedWorkspace(client, 'echatbad')
    const ada = widget(client, key.public_key, await token('ada'))
    const session = (await ada.post('/v1/embed/chat/sessions').json({})).body()
    ;(
      await ada.post(`/v1/embed/chat/sessions/${session.id}/messages`).json({ content: '' })
    ).assertStatus(422)
    ;(await ada.get('/v1/embed/chat/sessions/not-a-uuid/messages')).assertStatus(404)
  })
})
