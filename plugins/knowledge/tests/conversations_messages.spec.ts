import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { readEventStream } from '#tests/helpers/event_stream'
import { serviceRows } from '#tests/helpers/service_rows'
import { chunkRows, markerNumbers, POLICIES, seedKnowledge } from './answers_fixtures.js'

async function newConversation(client: ApiClient, account: TestAccount, body = {}) {
  const response = await client
    .post('/v1/knowledge/conversations')
    .bearerToken(account.token)
    .json(body)
  response.assertStatus(201)
  return response.body() as { id: string; updated_at: string; title: string | null }
}

test.group('Knowledge conversations / messages', () => {
  test('a question is stored with its embedding, the cited answer with its citations and references', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kmsg')
    const policies = await seedKnowledge(account, POLICIES)
    const faq = await seedKnowledge(
      account,
      { 'Refund FAQ': ['Refunds for gift cards are not possible.'] },
      'FAQ'
    )
    // The conversation searches the policies bucket only.
    const conversation = await newConversation(client, account, {
      bucket_ids: [policies.bucketId],
    })
    const sent = await client
      .post(`/v1/knowledge/conversations/${conversation.id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'How long do refunds take?' })
    sent.assertStatus(201)
    await assertMatchesSpec(sent)
    const { user_message: question, assistant_message: answer } = sent.body()
    assert.deepInclude(question, {
      role: 'user',
      content: 'How long do refunds take?',
      embedding_model: 'local:local-hash-1536',
      conversation_id: conversation.id,
      user_id: account.id,
      citations: [],
    })
    const stored = await serviceRows(
      'select embedding is not null as embedded, vector_dims(embedding) as dims from conversation_messages where id = ?',
      [question.id]
    )
    assert.deepEqual(stored[0], { embedded: true, dims: 1536 })
    // The stored question's embedding also serves the answer's search: one embed call, not two.
    const embeds = await serviceRows(
      "select purpose from ai_usage_events where workspace_id = ? and operation = 'embed' and purpose <> 'knowledge.ingest'",
      [account.personalWorkspaceId]
    )
    assert.deepEqual(embeds, [{ purpose: 'knowledge.conversation' }])

    assert.equal(answer.role, 'assistant')
    assert.include(answer.content, 'Refunds are processed within 14 days')
    assert.equal(answer.metadata.provider, 'local')
    assert.isString(answer.metadata.search_id)
    assert.isAbove(answer.citations.length, 0)
    assert.deepEqual(
      markerNumbers(answer.content),
      answer.citations.map((c: { number: number }) => c.number)
    )
    for (const citation of answer.citations) {
      assert.isTrue(policies.chunks.has(citation.chunk_id), 'only the conversation bucket')
      assert.isFalse(faq.chunks.has(citation.chunk_id))
    }
    const rows = await chunkRows(answer.citations.map((c: { chunk_id: string }) => c.chunk_id))
    assert.lengthOf(rows, answer.citations.length)
    for (const row of rows) assert.equal(row.workspace_id, account.personalWorkspaceId)

    // One reference per cited chunk, numbered like the text.
    const references = await client
      .get(`/v1/knowledge/conversations/${conversation.id}/references`)
      .bearerToken(account.token)
    references.assertStatus(200)
    await assertMatchesSpec(references)
    assert.deepEqual(
      references.body().data.map((r: any) => [r.message_id, r.citation_number, r.chunk_id]),
      answer.citations.map((c: any) => [answer.id, c.number, c.chunk_id])
    )
    assert.equal(references.body().data[0].document_title, 'Refund policy')
    assert.isNumber(references.body().data[0].similarity_score)

    // The conversation is named after its first question and listed first.
    const shown = await client
      .get(`/v1/knowledge/conversations/${conversation.id}`)
      .bearerToken(account.token)
    assert.equal(shown.body().title, 'How long do refunds take?')
    assert.isAbove(Date.parse(shown.body().updated_at), Date.parse(conversation.updated_at))

    // A message can name other buckets than the conversation's.
    const other = await client
      .post(`/v1/knowledge/conversations/${conversation.id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'Can gift cards be refunded?', bucket_ids: [faq.bucketId] })
    other.assertStatus(201)
    const otherCitations = other.body().assistant_message.citations
    assert.isAbove(otherCitations.length, 0)
    for (const citation of otherCitations) assert.isTrue(faq.chunks.has(citation.chunk_id))

    const messages = await client
      .get(`/v1/knowledge/conversations/${conversation.id}/messages`)
      .bearerToken(account.token)
    messages.assertStatus(200)
    await assertMatchesSpec(messages)
    assert.deepEqual(
      messages.body().data.map((m: { id: string; role: string }) => [m.id, m.role]),
      [
        [question.id, 'user'],
        [answer.id, 'assistant'],
        [other.body().user_message.id, 'user'],
        [other.body().assistant_message.id, 'assistant'],
      ]
    )
    assert.notProperty(messages.body().data[0], 'embedding')
    const answersOnly = await client
      .get(`/v1/knowledge/conversations/${conversation.id}/messages?role=assistant&limit=1`)
      .bearerToken(account.token)
    assert.deepEqual(
      answersOnly.body().data.map((m: { id: string }) => m.id),
      [answer.id]
    )
    const next = await client
      .get(
        `/v1/knowledge/conversations/${conversation.id}/messages?role=assistant&limit=1&cursor=${answersOnly.body().next_cursor}`
      )
      .bearerToken(account.token)
    assert.deepEqual(
      next.body().data.map((m: { id: string }) => m.id),
      [other.body().assistant_message.id]
    )
  })

  test('a streamed exchange stores exactly the streamed answer, committed before done', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kmsgstream')
    const policies = await seedKnowledge(account, POLICIES)
    const conversation = await newConversation(client, account)
    const stream = await readEventStream(
      `/v1/knowledge/conversations/${conversation.id}/messages`,
      {
        token: account.token,
        body: { content: 'What does express delivery cost?', save_note: true },
      }
    )
    assert.equal(stream.status, 200)
    const names = stream.events.map((event) => event.event)
    assert.deepEqual(names.slice(0, 2), ['start', 'sources'])
    assert.deepEqual(names.slice(-2), ['citations', 'done'])
    assert.isTrue(names.slice(2, -2).every((name) => name === 'delta'))
    const start = stream.events[0].data
    const done = stream.events.at(-1)!.data
    const text = stream.events
      .filter((event) => event.event === 'delta')
      .map((event) => event.data.text)
      .join('')
    assert.equal(start.conversation_id, conversation.id)
    assert.equal(start.user_message_id, done.user_message.id)
    assert.equal(start.search_id, done.assistant_message.metadata.search_id)
    assert.equal(done.assistant_message.content, text)
    assert.include(text, 'Express delivery costs 9 euros')
    assert.deepEqual(done.assistant_message.citations, stream.events.at(-2)!.data.citations)
    for (const citation of done.assistant_message.citations) {
      assert.isTrue(policies.chunks.has(citation.chunk_id))
    }

    // Read back through the API: the stored answer is the streamed text.
    const messages = await client
      .get(`/v1/knowledge/conversations/${conversation.id}/messages`)
      .bearerToken(account.token)
    const storedAnswer = messages.body().data.find((m: { role: string }) => m.role === 'assistant')
    assert.equal(storedAnswer.id, done.assistant_message.id)
    assert.equal(storedAnswer.content, text)
    const references = await client
      .get(`/v1/knowledge/conversations/${conversation.id}/references`)
      .bearerToken(account.token)
    assert.lengthOf(references.body().data, done.assistant_message.citations.length)

    // save_note kept the answer with its conversation, message and sources.
    const note = await client
      .get(`/v1/knowledge/research-notes/${done.research_note_id}`)
      .bearerToken(account.token)
    note.assertStatus(200)
    assert.deepInclude(note.body(), {
      conversation_id: conversation.id,
      message_id: done.assistant_message.id,
      content: text,
      title: 'What does express delivery cost?',
    })

    // Deleting the conversation deletes its messages, references and the notes saved from it.
    await client
      .delete(`/v1/knowledge/conversations/${conversation.id}`)
      .bearerToken(account.token)
      .then((response) => response.assertStatus(204))
    const left = await serviceRows(
      `select (select count(*)::int from conversation_messages where conversation_id = ?) as messages,
              (select count(*)::int from conversation_knowledge_refs where conversation_id = ?) as refs,
              (select count(*)::int from research_notes where conversation_id = ?) as notes`,
      [conversation.id, conversation.id, conversation.id]
    )
    assert.deepEqual(left[0], { messages: 0, refs: 0, notes: 0 })
  })

  test('a question nothing answers is stored with the honest answer and no references', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kmsgnone')
    await seedKnowledge(account, POLICIES)
    const conversation = await newConversation(client, account)
    const sent = await client
      .post(`/v1/knowledge/conversations/${conversation.id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'How many moons does Jupiter have?' })
    sent.assertStatus(201)
    const answer = sent.body().assistant_message
    assert.deepEqual(answer.citations, [])
    assert.isNull(answer.metadata.provider)
    assert.match(answer.content, /^The knowledge base has nothing on this question/)
    const references = await client
      .get(`/v1/knowledge/conversations/${conversation.id}/references`)
      .bearerToken(account.token)
    assert.deepEqual(references.body().data, [])
  })
})
