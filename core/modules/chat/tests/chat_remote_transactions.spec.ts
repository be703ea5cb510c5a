import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { estimateTokens } from '#sdk'
import { serviceRows } from '#tests/helpers/service_rows'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { readEventStream } from '#tests/helpers/event_stream'
import { ProviderHold } from '#tests/helpers/fake_chat_provider'
import { fakeOpenAiFor, idleInTransaction, within } from '#tests/helpers/held_provider'
import { waitFor } from '#tests/helpers/wait_for'

const PROVIDER_KEY = 'sk-fake-held-copilot-key-0000000000'

async function sessionOf(client: ApiClient, account: TestAccount) {
  await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: PROVIDER_KEY })
  const created = await client
    .post('/v1/chat/sessions')
    .bearerToken(account.token)
    .json({ title: 'Held' })
  created.assertStatus(201)
  return created.body() as { id: string }
}

function usageRows(workspaceId: string) {
  return serviceRows(
    `select operation, provider, input_tokens, output_tokens from ai_usage_events
      where workspace_id = ? and purpose = 'chat' order by created_at`,
    [workspaceId]
  )
}

test.group('Copilot chat / no transaction open during a remote answer (issue 17)', (group) => {
  const provider = fakeOpenAiFor(group, PROVIDER_KEY)
  group.each.setup(() => {
    provider.script = { pieces: ['Focus on ', 'warm leads ', 'this week.'], delayMs: 0 }
    provider.hold = null
  })

  test('while the provider holds a streamed answer, the workspace stays writable and no session idles in a transaction', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'heldstream')
    const session = await sessionOf(client, account)
    const hold = (provider.hold = new ProviderHold())
    const path = `/v1/chat/sessions/${session.id}/messages`
    const body = { content: 'Plan the week', provider: 'openai' }
    const streaming = readEventStream(path, {
      token: account.token,
      body,
      headers: { 'idempotency-key': 'held-stream-1' },
    })
    try {
      await within(15_000, hold.reached, 'the provider call')
      // A write in the same workspace, by the same user, while the answer is held.
      const meanwhile = await within(
        8_000,
        client.post('/v1/chat/sessions').bearerToken(account.token).json({ title: 'Meanwhile' }),
        'a write during the held answer'
      )
      meanwhile.assertStatus(201)
      assert.deepEqual(await idleInTransaction(), [], 'no session idles in a transaction')
      // The same Idempotency-Key while the first request is being answered: 409, not a replay.
      const retry = await within(
        8_000,
        client
          .post(path)
          .bearerToken(account.token)
          .header('idempotency-key', 'held-stream-1')
          .json(body),
        'a retry during the held answer'
      )
      retry.assertStatus(409)
    } finally {
      hold.release()
    }
    const stream = await streaming
    const done = stream.events.at(-1)!
    assert.equal(done.event, 'done')
    assert.equal(done.data.message.ai_response.content, 'Focus on warm leads this week.')
    assert.equal(done.data.message_id, stream.events[0].data.message_id)
    const stored = await client.get(path).bearerToken(account.token)
    assert.deepEqual(
      stored.body().data.map((m: { id: string }) => m.id),
      [done.data.message_id]
    )
    assert.deepEqual(await usageRows(account.personalWorkspaceId), [
      { operation: 'stream', provider: 'openai', input_tokens: 50, output_tokens: 12 },
    ])
    // Once answered, the key replays the stored exchange.
    const replay = await client
      .post(path)
      .bearerToken(account.token)
      .header('idempotency-key', 'held-stream-1')
      .json(body)
    replay.assertStatus(201)
    replay.assertHeader('idempotent-replayed', 'true')
    assert.equal(replay.body().id, done.data.message_id)
  })

  test('a client leaving mid-stream stops the provider call, meters what was produced and stores no message', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'leftstream')
    const session = await sessionOf(client, account)
    const hold = (provider.hold = new ProviderHold())
    const path = `/v1/chat/sessions/${session.id}/messages`
    const body = { content: 'Plan the month', provider: 'openai' }
    const leaving = new AbortController()
    try {
      const response = await fetch(`http://${process.env.HOST}:${process.env.PORT}${path}`, {
        method: 'POST',
        headers: {
          'authorization': `Bearer ${account.token}`,
          'content-type': 'application/json',
          'accept': 'text/event-stream',
          'idempotency-key': 'left-stream-1',
        },
        body: JSON.stringify(body),
        signal: leaving.signal,
      })
      assert.equal(response.status, 200)
      // Read until the first delta has arrived, then go away.
      let received = ''
      const reader = response.body!.getReader()
      while (!received.includes('event: delta')) {
        const { value, done } = await within(15_000, reader.read(), 'the first delta')
        if (done) break
        received += new TextDecoder().decode(value)
      }
      assert.include(received, '"text":"Focus on "')
      leaving.abort()
      await reader.cancel().catch(() => {})

      const rows = await waitFor(async () => {
        const found = await usageRows(account.personalWorkspaceId)
        return found.length ? found : null
      }).then((found) => found!)
      assert.lengthOf(rows, 1)
      assert.equal(rows[0].operation, 'stream')
      assert.equal(
        rows[0].output_tokens,
        estimateTokens('Focus on '),
        'the produced text is metered'
      )
      assert.isAbove(rows[0].input_tokens, 0, 'the prompt sent is metered')
      await waitFor(async () => hold.callerGone, 5_000)
      assert.isTrue(hold.callerGone, 'the provider call was cancelled, not left running')
    } finally {
      hold.release()
    }

    const stored = await client.get(path).bearerToken(account.token)
    assert.lengthOf(stored.body().data, 0, 'no half-written message')
    // The key was given back: the same request runs again (and is answered this time).
    const again = await client
      .post(path)
      .bearerToken(account.token)
      .header('idempotency-key', 'left-stream-1')
      .json(body)
    again.assertStatus(201)
    assert.isNull(again.header('idempotent-replayed') ?? null)
    assert.equal(again.body().ai_response.content, 'Focus on warm leads this week.')
  })
})
