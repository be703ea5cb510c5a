import { test } from '@japa/runner'
import { aiConfig } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { serviceRows } from '#tests/helpers/service_rows'
import { fakeVector } from '#tests/helpers/fake_http_server'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import { ProviderHold } from '#tests/helpers/fake_chat_provider'
import { idleInTransaction, within } from '#tests/helpers/held_provider'

const KEY = 'sk-fake-held-embeddings-key-00000000'

test.group('AI gateway / no transaction open during a remote embedding (issue 17)', (group) => {
  const fake = new FakeOpenAiServer(KEY)
  group.setup(async () => {
    await fake.start()
    const saved = { ...aiConfig.providers.openai }
    const savedRetries = aiConfig.maxRetries
    aiConfig.providers.openai = { ...saved, baseUrl: fake.baseUrl, apiKey: KEY }
    aiConfig.maxRetries = 0
    return async () => {
      aiConfig.providers.openai = saved
      aiConfig.maxRetries = savedRetries
      await fake.server.close()
    }
  })
  group.each.setup(() => {
    fake.script = { text: 'unused', inputTokens: 7, outputTokens: 0 }
    fake.embeddingHold = null
  })

  test('while the provider holds the embeddings, the workspace stays writable and no session idles in a transaction', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'heldembed')
    const hold = (fake.embeddingHold = new ProviderHold())
    const texts = ['spring sale', 'running shoes']
    const embedding = client
      .post('/v1/ai/embeddings')
      .bearerToken(account.token)
      .json({ provider: 'openai', texts, purpose: 'api.embed' })
    // The request is sent once awaited: start it now, answer it later.
    const answered = Promise.resolve(embedding)
    try {
      await within(15_000, hold.reached, 'the embeddings call')
      // A write in the same workspace, by the same user, while the call is held.
      const meanwhile = await within(
        8_000,
        client.post('/v1/chat/sessions').bearerToken(account.token).json({ title: 'Meanwhile' }),
        'a write during the held embeddings call'
      )
      meanwhile.assertStatus(201)
      assert.deepEqual(await idleInTransaction(), [], 'no session idles in a transaction')
    } finally {
      hold.release()
    }
    const response = await within(15_000, answered, 'the embeddings answer')
    response.assertStatus(200)
    assert.deepEqual(
      response.body().embeddings,
      texts.map((text) => fakeVector(text, response.body().dimensions))
    )
    // Metered in the transaction opened after the call, and committed with the request.
    const usage = await serviceRows(
      `select operation, provider, input_tokens from ai_usage_events
        where workspace_id = ? and purpose = 'api.embed'`,
      [account.personalWorkspaceId]
    )
    assert.deepEqual(usage, [{ operation: 'embed', provider: 'openai', input_tokens: 7 }])
  })

  test('a provider failure while released answers 502 and meters nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'heldembedfail')
    const hold = (fake.embeddingHold = new ProviderHold())
    const answered = Promise.resolve(
      client
        .post('/v1/ai/embeddings')
        .bearerToken(account.token)
        .json({ provider: 'openai', texts: ['dropped'], purpose: 'api.embed' })
    )
    await within(15_000, hold.reached, 'the embeddings call')
    hold.fail()
    const response = await within(15_000, answered, 'the embeddings answer')
    response.assertStatus(502)
    const usage = await serviceRows(
      `select operation from ai_usage_events where workspace_id = ? and purpose = 'api.embed'`,
      [account.personalWorkspaceId]
    )
    assert.deepEqual(usage, [])
    // The workspace is usable afterwards: the reopened transaction was closed.
    const after = await client
      .post('/v1/chat/sessions')
      .bearerToken(account.token)
      .json({ title: 'After' })
    after.assertStatus(201)
  })
})
