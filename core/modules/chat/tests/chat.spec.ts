import { test } from '@japa/runner'
import { serviceRows } from '#tests/helpers/service_rows'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import { withService, rawQuery } from '#sdk'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
  createApiKey,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { readEventStream } from '#tests/helpers/event_stream'
import { fakeOpenAiFor } from '#tests/helpers/held_provider'

const PROVIDER_KEY = 'sk-fake-copilot-key-000000000000'

async function newSession(client: ApiClient, account: TestAccount, title = 'Planning') {
  const response = await client.post('/v1/chat/sessions').bearerToken(account.token).json({ title })
  response.assertStatus(201)
  return response.body() as { id: string; updated_at: string }
}

async function usageRows(workspaceId: string) {
  return serviceRows(
    "select operation, provider from ai_usage_events where workspace_id = ? and purpose = 'chat'",
    [workspaceId]
  )
}

test.group('Copilot chat / sessions', () => {
  test('sessions are created, listed, renamed and deleted with their messages', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'chatter')
    const created = await client.post('/v1/chat/sessions').bearerToken(account.token).json({})
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().title, 'New chat')
    const second = await newSession(client, account, 'Q3 launch')
    const list = await client.get('/v1/chat/sessions').bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((s: { id: string }) => s.id),
      [second.id, created.body().id]
    )
    const renamed = await client
      .patch(`/v1/chat/sessions/${created.body().id}`)
      .bearerToken(account.token)
      .json({ title: 'Renamed', metadata: { pinned: true } })
    renamed.assertStatus(200)
    await assertMatchesSpec(renamed)
    assert.equal(renamed.body().title, 'Renamed')
    const shown = await client
      .get(`/v1/chat/sessions/${created.body().id}`)
      .bearerToken(account.token)
    await assertMatchesSpec(shown)
    assert.deepEqual(shown.body().metadata, { pinned: true })

    await client
      .post(`/v1/chat/sessions/${second.id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'Hello' })
    const removed = await client.delete(`/v1/chat/sessions/${second.id}`).bearerToken(account.token)
    removed.assertStatus(204)
    await assertMatchesSpec(removed)
    ;(await client.get(`/v1/chat/sessions/${second.id}`).bearerToken(account.token)).assertStatus(
      404
    )
    const orphans = await withService(({ trx }) =>
      rawQuery(trx, 'select count(*)::int as n from chat_messages where session_id = ?', [
        second.id,
      ])
    )
    assert.equal(orphans.rows[0].n, 0)

    for (const body of [{ title: '' }, { title: 'x'.repeat(201) }, { metadata: [] }]) {
      const bad = await client.post('/v1/chat/sessions').bearerToken(account.token).json(body)
      bad.assertStatus(422)
      await assertMatchesSpec(bad)
    }
    ;(await client.get('/v1/chat/sessions/not-a-uuid').bearerToken(account.token)).assertStatus(404)
  })

  test('sessions and messages are private: other users and workspaces get 404', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'chatowner')
    const colleague = await registerAccount(client, 'chatcolleague')
    const stranger = await registerAccount(client, 'chatstranger')
    const team = await createWorkspace(client, owner)
    await addMember(client, owner, team.id, colleague, 'admin')
    const inTeam = (account: TestAccount) => (request: ApiRequest) =>
      request.bearerToken(account.token).header('x-workspace-id', team.id)
    const session = await inTeam(owner)(client.post('/v1/chat/sessions')).json({ title: 'Mine' })
    const id = session.body().id
    await inTeam(owner)(client.post(`/v1/chat/sessions/${id}/messages`)).json({ content: 'Hi' })

    for (const account of [colleague, stranger]) {
      const as = inTeam(account)
      const expected = account === stranger ? 404 : 200
      ;(await as(client.get('/v1/chat/sessions'))).assertStatus(expected)
      ;(await as(client.get(`/v1/chat/sessions/${id}`))).assertStatus(404)
      ;(await as(client.patch(`/v1/chat/sessions/${id}`)).json({ title: 'x' })).assertStatus(404)
      ;(await as(client.get(`/v1/chat/sessions/${id}/messages`))).assertStatus(404)
      ;(
        await as(client.post(`/v1/chat/sessions/${id}/messages`)).json({ content: 'Hijack' })
      ).assertStatus(404)
      ;(await as(client.delete(`/v1/chat/sessions/${id}`))).assertStatus(404)
    }
    const colleagueList = await inTeam(colleague)(client.get('/v1/chat/sessions'))
    assert.lengthOf(colleagueList.body().data, 0)
    // The owner's personal workspace does not show the team session.
    ;(await client.get(`/v1/chat/sessions/${id}`).bearerToken(owner.token)).assertStatus(404)
    const messages = await inTeam(owner)(client.get(`/v1/chat/sessions/${id}/messages`))
    assert.lengthOf(messages.body().data, 1)
    assert.equal(messages.body().data[0].user_message, 'Hi')
  })
})

test.group('Copilot chat / messages', (group) => {
  // No platform key: the user's own key comes from the vault.
  const provider = fakeOpenAiFor(group, PROVIDER_KEY)
  group.each.setup(() => {
    provider.script = { pieces: ['Focus on ', 'warm leads ', 'this week.'], delayMs: 0 }
  })

  test('JSON mode stores the exchange with the local provider, offline and metered', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'localchat')
    const session = await newSession(client, account)
    const sent = await client
      .post(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
      .json({
        content: 'Which channel converts best?',
        context: ['Email converts at 4.1%, social at 1.2%.'],
      })
    sent.assertStatus(201)
    await assertMatchesSpec(sent)
    const message = sent.body()
    assert.equal(message.user_message, 'Which channel converts best?')
    assert.equal(message.ai_response.status, 'complete')
    assert.equal(message.ai_response.provider, 'local')
    assert.isAbove(message.ai_response.content.length, 0)
    assert.equal(message.agent_type, 'copilot')
    assert.isAbove(message.ai_response.usage.input_tokens, 0)
    assert.deepEqual(await usageRows(account.personalWorkspaceId), [
      { operation: 'text', provider: 'local' },
    ])
    const refreshed = await client.get(`/v1/chat/sessions/${session.id}`).bearerToken(account.token)
    assert.notEqual(refreshed.body().updated_at, session.updated_at, 'session activity bumped')

    for (const body of [
      {},
      { content: '   ' },
      { content: 'x', agent_type: 'Bad Agent' },
      { content: 'x', context: 'text' },
    ]) {
      const bad = await client
        .post(`/v1/chat/sessions/${session.id}/messages`)
        .bearerToken(account.token)
        .json(body)
      bad.assertStatus(422)
      await assertMatchesSpec(bad)
    }
    const unknownProvider = await client
      .post(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'x', provider: 'nope' })
    unknownProvider.assertStatus(422)
    const list = await client
      .get(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
    await assertMatchesSpec(list)
    assert.lengthOf(list.body().data, 1, 'failed sends store nothing')
  })

  test('the session history goes to the model with each new message (user key from the vault)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'historychat')
    await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: PROVIDER_KEY })
    const session = await newSession(client, account)
    const send = (content: string) =>
      client
        .post(`/v1/chat/sessions/${session.id}/messages`)
        .bearerToken(account.token)
        .json({ content, provider: 'openai', agent_type: 'audience' })
    ;(await send('Who should we target?')).assertStatus(201)
    provider.script.pieces = ['Try ', 'CFOs.']
    const second = await send('And after that?')
    second.assertStatus(201)
    assert.equal(second.body().ai_response.content, 'Try CFOs.')
    assert.equal(second.body().ai_response.provider, 'openai')
    assert.equal(second.body().agent_type, 'audience')

    const call = provider.calls.at(-1)
    const roles = call.messages.map((m: { role: string; content: string }) => [m.role, m.content])
    assert.oneOf(roles[0][0], ['system', 'developer'], 'the copilot prompt comes first')
    assert.match(roles[0][1], /audience agent/)
    assert.deepEqual(roles.slice(1), [
      ['user', 'Who should we target?'],
      ['assistant', 'Focus on warm leads this week.'],
      ['user', 'And after that?'],
    ])
    const audit = await client
      .get('/v1/secrets/audit')
      .bearerToken(account.token)
      .qs({ operation: 'reveal' })
    assert.lengthOf(audit.body().data, 2, 'each call revealed the key through the vault')
  })

  test('server-sent events: start, deltas as they arrive, then done once committed', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ssechat')
    await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: PROVIDER_KEY })
    const session = await newSession(client, account)
    provider.script = { pieces: ['One, ', 'two, ', 'three, ', 'four.'], delayMs: 150 }
    const stream = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: account.token,
      body: { content: 'Count to four', provider: 'openai' },
    })
    assert.equal(stream.status, 200)
    assert.match(stream.contentType ?? '', /^text\/event-stream/)
    assert.equal(stream.headers.get('x-workspace-id'), account.personalWorkspaceId)
    assert.isNotNull(stream.headers.get('x-request-id'))
    assert.match(stream.headers.get('cache-control') ?? '', /no-cache/)
    assert.match(stream.raw, /^event: start\ndata: /)
    const names = stream.events.map((e) => e.event)
    assert.equal(names[0], 'start')
    assert.equal(names.at(-1), 'done')
    const deltas = stream.events.filter((e) => e.event === 'delta')
    assert.equal(deltas.map((e) => e.data.text).join(''), 'One, two, three, four.')
    assert.isAtLeast(deltas.length, 4)
    assert.isAbove(
      stream.events.at(-1)!.at - deltas[0].at,
      300,
      'the first delta arrived well before the end: the reply is streamed, not buffered'
    )

    const done = stream.events.at(-1)!.data
    assert.equal(done.message_id, stream.events[0].data.message_id)
    assert.equal(done.message.ai_response.content, 'One, two, three, four.')
    assert.deepInclude(done.usage, { inputTokens: 50, outputTokens: 12 })

    const stored = await client
      .get(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
    assert.deepEqual(
      stored.body().data.map((m: { id: string }) => m.id),
      [done.message_id]
    )
    assert.equal(stored.body().data[0].ai_response.status, 'complete')
    assert.deepEqual(await usageRows(account.personalWorkspaceId), [
      { operation: 'stream', provider: 'openai' },
    ])

    // A retry with the same Idempotency-Key replays the stored exchange instead of asking again.
    const calls = provider.calls.length
    const keyed = () =>
      readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
        token: account.token,
        body: { content: 'Once only', provider: 'openai' },
        headers: { 'idempotency-key': 'chat-retry-1' },
      })
    const firstTry = await keyed()
    assert.equal(firstTry.events.at(-1)!.event, 'done')
    const retry = await client
      .post(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
      .header('idempotency-key', 'chat-retry-1')
      .json({ content: 'Once only', provider: 'openai' })
    retry.assertStatus(201)
    retry.assertHeader('idempotent-replayed', 'true')
    assert.equal(retry.body().id, firstTry.events.at(-1)!.data.message_id)
    assert.equal(provider.calls.length, calls + 1, 'the provider was asked once')

    // The local provider streams too, with no key and no network.
    const local = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: account.token,
      body: { content: 'Summarise our chat' },
    })
    assert.equal(local.events.at(-1)!.event, 'done')
    assert.equal(local.events.at(-1)!.data.message.ai_response.provider, 'local')
  })

  test('a provider failing mid-stream ends with an error event and stores nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ssefail')
    await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: PROVIDER_KEY })
    const session = await newSession(client, account)
    provider.script = { pieces: ['Half ', 'an ', 'answer'], delayMs: 20, failAfter: 2 }
    const stream = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: account.token,
      body: { content: 'Tell me', provider: 'openai' },
    })
    assert.equal(stream.status, 200)
    const names = stream.events.map((e) => e.event)
    assert.equal(names[0], 'start')
    assert.include(names, 'delta')
    assert.equal(names.at(-1), 'error')
    assert.notInclude(names, 'done')
    const error = stream.events.at(-1)!.data
    assert.isAtLeast(error.status, 400)
    assert.match(error.type, /^\/problems\//)
    assert.notMatch(JSON.stringify(error), /ECONNRESET|at .*\.js/)

    const stored = await client
      .get(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
    assert.lengthOf(stored.body().data, 0, 'the exchange was rolled back')
    assert.lengthOf(await usageRows(account.personalWorkspaceId), 0)

    // The server is fine afterwards: the next message streams normally.
    provider.script = { pieces: ['Recovered.'], delayMs: 0 }
    const next = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: account.token,
      body: { content: 'Again', provider: 'openai' },
    })
    assert.equal(next.events.at(-1)!.event, 'done')
  })

  test('errors before the first event are plain problem responses (no stream)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ssebefore')
    const session = await newSession(client, account)
    const missingKey = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: account.token,
      body: { content: 'Hi', provider: 'openai' },
    })
    assert.equal(missingKey.status, 422)
    assert.match(missingKey.contentType ?? '', /application\/problem\+json/)
    const invalid = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: account.token,
      body: { content: '' },
    })
    assert.equal(invalid.status, 422)
    const other = await registerAccount(client, 'ssestranger')
    const foreign = await readEventStream(`/v1/chat/sessions/${session.id}/messages`, {
      token: other.token,
      body: { content: 'Hi' },
    })
    assert.equal(foreign.status, 404)
    const stored = await client
      .get(`/v1/chat/sessions/${session.id}/messages`)
      .bearerToken(account.token)
    assert.lengthOf(stored.body().data, 0)
  })

  test('API keys need chat scopes', async ({ client }) => {
    const owner = await registerAccount(client, 'chatkeys')
    const workspace = await createWorkspace(client, owner)
    const key = (scopes: string[]) => createApiKey(client, owner, workspace.id, scopes)
    const reader = await key(['chat:read'])
    const writer = await key(['chat:write'])
    const created = await client.post('/v1/chat/sessions').bearerToken(writer).json({})
    created.assertStatus(201)
    ;(
      await client
        .post(`/v1/chat/sessions/${created.body().id}/messages`)
        .bearerToken(writer)
        .json({ content: 'Hi' })
    ).assertStatus(201)
    ;(await client.get('/v1/chat/sessions').bearerToken(reader)).assertStatus(200)
    ;(await client.post('/v1/chat/sessions').bearerToken(reader).json({})).assertStatus(403)
    ;(await client.get('/v1/chat/sessions').bearerToken(await key(['events:read']))).assertStatus(
      403
    )
  })
})
