import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { OTHER_POLICIES, POLICIES, seedKnowledge } from './answers_fixtures.js'
import { assertInvalidField, MISSING_ID, sharedWorkspace } from './helpers.js'

test.group('Knowledge research notes', () => {
  test('an answer of a conversation is saved with its sources and titled after its question', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'knote')
    await seedKnowledge(account, POLICIES)
    const conversation = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(account.token)
      .json({})
    const exchange = await client
      .post(`/v1/knowledge/conversations/${conversation.body().id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'Can sale items be refunded?' })
    exchange.assertStatus(201)
    const answer = exchange.body().assistant_message

    const saved = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(account.token)
      .json({ message_id: answer.id, tags: ['Returns', 'returns', ' Sale '] })
    saved.assertStatus(201)
    await assertMatchesSpec(saved)
    assert.deepInclude(saved.body(), {
      conversation_id: conversation.body().id,
      message_id: answer.id,
      user_id: account.id,
      title: 'Can sale items be refunded?',
      content: answer.content,
      tags: ['returns', 'sale'],
    })
    assert.isAbove(answer.citations.length, 0)
    assert.deepEqual(
      saved.body().source_refs,
      answer.citations.map((c: any) => ({
        citation: c.number,
        chunk_id: c.chunk_id,
        document_id: c.document_id,
        document_title: c.document_title,
        snippet: c.snippet,
      }))
    )
    const titled = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(account.token)
      .json({ message_id: answer.id, title: 'Sale returns' })
    titled.assertStatus(201)
    assert.equal(titled.body().title, 'Sale returns')

    // Questions are not answers; another conversation's filter finds nothing.
    const question = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(account.token)
      .json({ message_id: exchange.body().user_message.id })
    question.assertStatus(422)
    await assertMatchesSpec(question)
    assert.equal(question.body().errors[0].field, 'message_id')
    const byConversation = await client
      .get(`/v1/knowledge/research-notes?conversation_id=${conversation.body().id}`)
      .bearerToken(account.token)
    assert.lengthOf(byConversation.body().data, 2)
    const none = await client
      .get(`/v1/knowledge/research-notes?conversation_id=${MISSING_ID}`)
      .bearerToken(account.token)
    assert.lengthOf(none.body().data, 0)
  })

  test('notes of your own text are created, filtered by tag, paged, changed and deleted', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'knotecrud')
    const mine = await seedKnowledge(account, POLICIES)
    const [chunkId] = [...mine.chunks.keys()]
    const documentId = mine.documents.get('Refund policy')!
    const first = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(account.token)
      .json({
        title: 'Refund idea',
        content: 'Offer store credit with a bonus instead of cash refunds.',
        source_refs: [{ chunk_id: chunkId, document_id: documentId, citation: 1 }],
        tags: ['Ideas'],
      })
    first.assertStatus(201)
    await assertMatchesSpec(first)
    assert.deepInclude(first.body(), {
      title: 'Refund idea',
      conversation_id: null,
      message_id: null,
      tags: ['ideas'],
      source_refs: [
        {
          citation: 1,
          chunk_id: chunkId,
          document_id: documentId,
          document_title: null,
          snippet: null,
        },
      ],
    })
    const second = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(account.token)
      .json({ content: 'Plain thought.' })
    second.assertStatus(201)
    assert.isNull(second.body().title)
    assert.deepEqual(second.body().source_refs, [])

    const page1 = await client
      .get('/v1/knowledge/research-notes?limit=1')
      .bearerToken(account.token)
    page1.assertStatus(200)
    await assertMatchesSpec(page1)
    assert.deepEqual(
      page1.body().data.map((n: { id: string }) => n.id),
      [second.body().id]
    )
    const page2 = await client
      .get(`/v1/knowledge/research-notes?limit=1&cursor=${page1.body().next_cursor}`)
      .bearerToken(account.token)
    assert.deepEqual(
      page2.body().data.map((n: { id: string }) => n.id),
      [first.body().id]
    )
    const tagged = await client
      .get('/v1/knowledge/research-notes?tag=IDEAS')
      .bearerToken(account.token)
    assert.deepEqual(
      tagged.body().data.map((n: { id: string }) => n.id),
      [first.body().id]
    )

    const changed = await client
      .patch(`/v1/knowledge/research-notes/${first.body().id}`)
      .bearerToken(account.token)
      .json({ title: null, content: 'Offer store credit.', tags: [] })
    changed.assertStatus(200)
    await assertMatchesSpec(changed)
    assert.deepInclude(changed.body(), { title: null, content: 'Offer store credit.', tags: [] })
    const shown = await client
      .get(`/v1/knowledge/research-notes/${first.body().id}`)
      .bearerToken(account.token)
    assert.equal(shown.body().content, 'Offer store credit.')

    const deleted = await client
      .delete(`/v1/knowledge/research-notes/${first.body().id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    const gone = await client
      .get(`/v1/knowledge/research-notes/${first.body().id}`)
      .bearerToken(account.token)
    gone.assertStatus(404)
    await assertMatchesSpec(gone)
  })

  test('bad notes are 422 problems and write nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'knotebad')
    const other = await registerAccount(client, 'knotebad2')
    await seedKnowledge(account, POLICIES)
    const foreign = await seedKnowledge(other, OTHER_POLICIES)
    const [foreignChunk] = [...foreign.chunks.keys()]
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'content'],
      [{ content: '  ' }, 'content'],
      [{ content: 'x', message_id: MISSING_ID }, 'content'],
      [{ message_id: MISSING_ID }, 'message_id'],
      [{ message_id: 'nope' }, 'message_id'],
      [{ content: 'x', title: '' }, 'title'],
      [{ content: 'x', tags: 'a' }, 'tags'],
      [{ content: 'x', source_refs: [{ chunk_id: 'nope' }] }, 'source_refs.0.chunk_id'],
      [{ content: 'x', source_refs: [{ chunk_id: MISSING_ID }] }, 'source_refs'],
      // Another tenant's chunk or document is unknown here.
      [{ content: 'x', source_refs: [{ chunk_id: foreignChunk }] }, 'source_refs'],
      [
        { content: 'x', source_refs: [{ document_id: foreign.documents.get('Refund rules') }] },
        'source_refs',
      ],
    ]
    for (const [body, field] of cases) {
      const response = await client
        .post('/v1/knowledge/research-notes')
        .bearerToken(account.token)
        .json(body)
      await assertInvalidField(response, field, JSON.stringify(body))
    }
    const list = await client.get('/v1/knowledge/research-notes').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
    const badQuery = await client
      .get('/v1/knowledge/research-notes?conversation_id=nope')
      .bearerToken(account.token)
    badQuery.assertStatus(422)
    const note = await client
      .post('/v1/knowledge/research-notes')
      .bearerToken(account.token)
      .json({ content: 'Keep me' })
    const badPatch = await client
      .patch(`/v1/knowledge/research-notes/${note.body().id}`)
      .bearerToken(account.token)
      .json({ content: '' })
    badPatch.assertStatus(422)
    const kept = await client
      .get(`/v1/knowledge/research-notes/${note.body().id}`)
      .bearerToken(account.token)
    assert.equal(kept.body().content, 'Keep me')
    for (const path of [
      '/v1/knowledge/research-notes/nope',
      `/v1/knowledge/research-notes/${MISSING_ID}`,
    ]) {
      ;(await client.get(path).bearerToken(account.token)).assertStatus(404)
    }
  })

  test("notes are private: a colleague and a stranger get 404 and cannot save another user's answer", async ({
    client,
    assert,
  }) => {
    const {
      owner,
      member: colleague,
      team,
    } = await sharedWorkspace(client, { owner: 'knoteowner', member: 'knotecolleague' }, 'member')
    const stranger = await registerAccount(client, 'knotestranger')
    const inTeam = (account: TestAccount) => (request: ApiRequest) =>
      request.bearerToken(account.token).header('x-workspace-id', team.id)

    const conversation = await inTeam(owner)(client.post('/v1/knowledge/conversations')).json({})
    const exchange = await inTeam(owner)(
      client.post(`/v1/knowledge/conversations/${conversation.body().id}/messages`)
    ).json({ content: 'Anything about refunds?' })
    exchange.assertStatus(201)
    const answerId = exchange.body().assistant_message.id
    const note = await inTeam(owner)(client.post('/v1/knowledge/research-notes')).json({
      content: 'My private note',
    })
    note.assertStatus(201)
    const id = note.body().id

    const strangerAs = (request: ApiRequest) => request.bearerToken(stranger.token)
    for (const as of [inTeam(colleague), strangerAs]) {
      for (const attempt of [
        as(client.get(`/v1/knowledge/research-notes/${id}`)),
        as(client.patch(`/v1/knowledge/research-notes/${id}`)).json({ content: 'Hijacked' }),
        as(client.delete(`/v1/knowledge/research-notes/${id}`)),
      ]) {
        const response = await attempt
        response.assertStatus(404)
        await assertMatchesSpec(response)
      }
      const list = await as(client.get('/v1/knowledge/research-notes'))
      list.assertStatus(200)
      assert.lengthOf(list.body().data, 0)
      // Someone else's answer cannot be copied into a note.
      const copied = await as(client.post('/v1/knowledge/research-notes')).json({
        message_id: answerId,
      })
      copied.assertStatus(422)
    }
    const still = await inTeam(owner)(client.get(`/v1/knowledge/research-notes/${id}`))
    assert.equal(still.body().content, 'My private note')
  })
})
