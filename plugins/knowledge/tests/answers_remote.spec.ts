import { test } from '@japa/runner'
import { aiConfig } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { readEventStream } from '#tests/helpers/event_stream'
import { serviceRows } from '#tests/helpers/service_rows'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import type { ReceivedRequest } from '#tests/helpers/fake_http_server'
import knowledgeConfig from '../knowledge_config.js'
import { chunkRows, POLICIES, seedKnowledge } from './answers_fixtures.js'

const KEY = 'sk-fake-knowledge-answers-0000000000'

/** The system prompt (`developer` for reasoning models) and the chat turns of a Chat Completions call. */
function chatOf(request: ReceivedRequest) {
  const messages = request.body.messages as Array<{ role: string; content: string }>
  const instructions = (m: { role: string }) => m.role === 'system' || m.role === 'developer'
  return {
    system: messages.find(instructions)?.content ?? '',
    turns: messages.filter((m) => !instructions(m)),
  }
}

/** Source number -> chunk text, as the remote prompt numbered the context (`[n] text`). */
function numberedContext(system: string, chunks: Map<string, string>) {
  const byNumber = new Map<number, string>()
  for (const [id, text] of chunks) {
    const match = new RegExp(
      `^\\[(\\d+)\\] ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      'm'
    ).exec(system)
    if (match) byNumber.set(Number(match[1]), id)
  }
  return byNumber
}

test.group('Knowledge answers / configured provider (fake OpenAI)', (group) => {
  const fake = new FakeOpenAiServer(KEY)
  let saved: (typeof aiConfig.providers)['openai']
  let savedRetries: number
  group.setup(async () => {
    await fake.start()
    saved = { ...aiConfig.providers.openai }
    savedRetries = aiConfig.maxRetries
    aiConfig.providers.openai = { ...saved, baseUrl: fake.baseUrl, apiKey: KEY }
    aiConfig.maxRetries = 0
    return async () => {
      aiConfig.providers.openai = saved
      aiConfig.maxRetries = savedRetries
      await fake.server.close()
    }
  })
  group.each.setup(() => {
    fake.script = { text: 'Reply.', inputTokens: 900, outputTokens: 40 }
  })

  test('the generated answer is grounded in the numbered sources; invalid markers are removed', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kansremote')
    const refunds = await seedKnowledge(account, { 'Refund policy': POLICIES['Refund policy'] })
    await seedKnowledge(account, { 'Shipping guide': POLICIES['Shipping guide'] }, 'Shipping')
    fake.script.text =
      'Refunds take 14 days [1]. Sale items get store credit [2]. Refunds are instant [7]. See [1, 9].'
    const before = fake.server.requests.length
    const response = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({
        question: 'How long do refunds take, and what about sale items?',
        bucket_ids: [refunds.bucketId],
        provider: 'openai',
      })
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.provider, 'openai')
    assert.isString(body.model)
    assert.equal(
      body.answer,
      'Refunds take 14 days [1]. Sale items get store credit [2]. Refunds are instant. See [1].'
    )

    // One Chat Completions call whose system prompt numbers the two refund chunks.
    assert.lengthOf(fake.server.requests, before + 1)
    const call = chatOf(fake.server.last(/chat\/completions/)!)
    assert.include(call.system, 'valid numbers are 1 to 2')
    assert.include(call.system, '"Refund policy"')
    const byNumber = numberedContext(call.system, refunds.chunks)
    assert.equal(byNumber.size, 2)
    assert.deepEqual(call.turns, [
      { role: 'user', content: 'How long do refunds take, and what about sale items?' },
    ])

    // Citations are the sources [1] and [2] of that prompt, chunks of this workspace.
    assert.deepEqual(
      body.citations.map((c: { number: number; chunk_id: string }) => [c.number, c.chunk_id]),
      [
        [1, byNumber.get(1)],
        [2, byNumber.get(2)],
      ]
    )
    const rows = await chunkRows(body.citations.map((c: { chunk_id: string }) => c.chunk_id))
    assert.lengthOf(rows, 2)
    for (const row of rows) assert.equal(row.workspace_id, account.personalWorkspaceId)
    const usage = await serviceRows(
      "select provider, operation from ai_usage_events where workspace_id = ? and purpose = 'knowledge.answer'",
      [account.personalWorkspaceId]
    )
    assert.deepEqual(usage, [{ provider: 'openai', operation: 'text' }])
  })

  test('as the default provider it streams a conversation answer with the history; the stored text equals the stream', async ({
    client,
    assert,
  }) => {
    const savedDefault = aiConfig.defaultProvider
    const savedEmbedding = { ...knowledgeConfig.embedding }
    // Text through the configured provider; embeddings stay local (the seeded chunks' model).
    aiConfig.defaultProvider = 'openai'
    knowledgeConfig.embedding.provider = 'local'
    try {
      const account = await registerAccount(client, 'kansremotestream')
      const mine = await seedKnowledge(account, POLICIES)
      const created = await client
        .post('/v1/knowledge/conversations')
        .bearerToken(account.token)
        .json({})
      const conversationId = created.body().id

      fake.script.text = 'Refunds take 14 days [1].'
      const first = await client
        .post(`/v1/knowledge/conversations/${conversationId}/messages`)
        .bearerToken(account.token)
        .json({ content: 'How long do refunds take?' })
      first.assertStatus(201)
      assert.equal(first.body().assistant_message.metadata.provider, 'openai')
      assert.equal(first.body().assistant_message.content, 'Refunds take 14 days [1].')

      // Streamed in 7-character pieces: the invalid [12] is split across pieces and still removed.
      fake.script.text =
        'Sale items are exchanged for store credit [1]; never cash [12]. Express costs 9 euros [2].'
      const stream = await readEventStream(
        `/v1/knowledge/conversations/${conversationId}/messages`,
        {
          token: account.token,
          body: { content: 'And what happens with refunds of sale items or express delivery?' },
        }
      )
      assert.equal(stream.status, 200)
      const deltas = stream.events.filter((event) => event.event === 'delta')
      assert.isAbove(deltas.length, 5)
      const text = deltas.map((event) => event.data.text).join('')
      assert.equal(
        text,
        'Sale items are exchanged for store credit [1]; never cash. Express costs 9 euros [2].'
      )
      const done = stream.events.at(-1)!
      assert.equal(done.event, 'done')
      assert.equal(done.data.assistant_message.content, text)
      assert.equal(done.data.assistant_message.metadata.provider, 'openai')

      // The model saw the first exchange (its markers removed) before the new question.
      const call = chatOf(fake.server.last(/chat\/completions/)!)
      assert.deepEqual(call.turns, [
        { role: 'user', content: 'How long do refunds take?' },
        { role: 'assistant', content: 'Refunds take 14 days.' },
        {
          role: 'user',
          content: 'And what happens with refunds of sale items or express delivery?',
        },
      ])
      const byNumber = numberedContext(call.system, mine.chunks)
      assert.deepEqual(
        done.data.assistant_message.citations.map((c: { number: number; chunk_id: string }) => [
          c.number,
          c.chunk_id,
        ]),
        [
          [1, byNumber.get(1)],
          [2, byNumber.get(2)],
        ]
      )
      const messages = await client
        .get(`/v1/knowledge/conversations/${conversationId}/messages?role=assistant`)
        .bearerToken(account.token)
      assert.equal(messages.body().data.at(-1).content, text)
      const references = await client
        .get(`/v1/knowledge/conversations/${conversationId}/references`)
        .bearerToken(account.token)
      assert.lengthOf(references.body().data, 3)
    } finally {
      aiConfig.defaultProvider = savedDefault
      knowledgeConfig.embedding.provider = savedEmbedding.provider
    }
  })

  test('a failing provider is a 502 problem and nothing of the exchange is stored', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kansremotefail')
    await seedKnowledge(account, POLICIES)
    const created = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(account.token)
      .json({})
    fake.script.failStatus = 500
    const failed = await client
      .post(`/v1/knowledge/conversations/${created.body().id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'How long do refunds take?', provider: 'openai' })
    failed.assertStatus(502)
    await assertMatchesSpec(failed)
    const streamed = await readEventStream(
      `/v1/knowledge/conversations/${created.body().id}/messages`,
      { token: account.token, body: { content: 'How long do refunds take?', provider: 'openai' } }
    )
    assert.equal(streamed.status, 502)
    const stored = await serviceRows(
      `select (select count(*)::int from conversation_messages where conversation_id = ?) as messages,
              (select count(*)::int from knowledge_access_logs where user_id = ? and used_in_response) as used,
              (select count(distinct search_id)::int from knowledge_access_logs where user_id = ?) as searches`,
      [created.body().id, account.id, account.id]
    )
    // The provider is called with no transaction open, so the searches that
    // fetched its sources stay in the access log (the chunks did go out), but
    // nothing is marked as used in a response and no message is stored.
    assert.deepEqual(stored[0], { messages: 0, used: 0, searches: 2 })
  })
})
