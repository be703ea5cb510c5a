import { test } from '@japa/runner'
import { createApiKey, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { readEventStream } from '#tests/helpers/event_stream'
import { serviceRows } from '#tests/helpers/service_rows'
import { rawQuery, tenant } from '#sdk'
import { NOTHING_FOUND_ANSWER } from '../services/answer_service.js'
import type { Citation } from '../services/citations.js'
import { asAccount, assertInvalidField, MISSING_ID } from './helpers.js'
import {
  chunkRows,
  markerNumbers,
  OTHER_POLICIES,
  POLICIES,
  seedKnowledge,
} from './answers_fixtures.js'

test.group('Knowledge answers / local provider', () => {
  test('an extractive answer cites chunks that exist, belong to the caller and are marked used', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kans')
    const other = await registerAccount(client, 'kansother')
    const mine = await seedKnowledge(account, POLICIES)
    const theirs = await seedKnowledge(other, OTHER_POLICIES)

    const response = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'How long do refunds take for a returned item?' })
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.provider, 'local')
    assert.equal(body.model, 'local-extractive-1')
    assert.isNull(body.research_note_id)
    assert.include(body.answer, 'Refunds are processed within 14 days')
    const citations = body.citations as Citation[]
    assert.isAbove(citations.length, 0)
    // Every marker of the text is a citation and every citation is a marker of the text.
    assert.deepEqual(
      markerNumbers(body.answer),
      citations.map((c) => c.number)
    )
    const rows = await chunkRows(citations.map((c) => c.chunk_id))
    assert.lengthOf(rows, citations.length, 'every cited chunk exists')
    // And the caller can read each of them under their own tenant (RLS), the other tenant none.
    const visible = (who: typeof account) =>
      asAccount(who, async () => {
        const result = await rawQuery(
          tenant().trx,
          'select count(*)::int as n from knowledge_chunks where id = any(?::uuid[])',
          [citations.map((c) => c.chunk_id)]
        )
        return result.rows[0].n as number
      })
    assert.equal(await visible(account), citations.length)
    assert.equal(await visible(other), 0)
    for (const citation of citations) {
      const row = rows.find((r) => r.id === citation.chunk_id)!
      assert.equal(row.workspace_id, account.personalWorkspaceId)
      assert.equal(row.document_id, citation.document_id)
      assert.equal(row.bucket_id, citation.bucket_id)
      assert.equal(row.title, citation.document_title)
      assert.isTrue(mine.chunks.has(citation.chunk_id))
      assert.isFalse(theirs.chunks.has(citation.chunk_id))
    }
    const refundChunk = [...mine.chunks].find(([, text]) => text.startsWith('Refunds are'))![0]
    const cited = citations.find((c) => c.chunk_id === refundChunk)
    assert.exists(cited, 'the refund chunk is cited')
    // The sentence of that chunk carries its number.
    assert.include(
      body.answer,
      `Refunds are processed within 14 days of receiving the returned item. [${cited!.number}]`
    )

    // The access log names the search as an answer; exactly the cited chunks are "used".
    const logs = await serviceRows(
      'select chunk_id, agent_type, used_in_response, user_id from knowledge_access_logs where search_id = ?',
      [body.search_id]
    )
    assert.isAbove(logs.length, 0)
    for (const log of logs) {
      assert.equal(log.agent_type, 'answer')
      assert.equal(log.user_id, account.id)
    }
    assert.sameMembers(
      logs.filter((log) => log.used_in_response).map((log) => log.chunk_id),
      citations.map((c) => c.chunk_id)
    )

    // The other tenant asking the same question only ever gets its own chunks.
    const theirAnswer = await client
      .post('/v1/knowledge/answer')
      .bearerToken(other.token)
      .json({ question: 'How long do refunds take for a returned item?' })
    theirAnswer.assertStatus(200)
    const theirCitations = theirAnswer.body().citations as Citation[]
    assert.isAbove(theirCitations.length, 0)
    for (const citation of theirCitations) {
      assert.isTrue(theirs.chunks.has(citation.chunk_id))
    }
    assert.notInclude(theirAnswer.body().answer, '14 days')
    const theirRows = await chunkRows(theirCitations.map((c) => c.chunk_id))
    assert.lengthOf(theirRows, new Set(theirCitations.map((c) => c.chunk_id)).size)
    for (const row of theirRows) assert.equal(row.workspace_id, other.personalWorkspaceId)
  })

  test('bucket_ids limit the sources; a question the knowledge base does not cover gets an honest answer without citations', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kansnone')
    const policies = await seedKnowledge(account, POLICIES)
    const brand = await seedKnowledge(
      account,
      { 'Refund FAQ': ['Refunds for gift cards are not possible.'] },
      'FAQ'
    )

    const scoped = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'Are refunds possible?', bucket_ids: [brand.bucketId] })
    scoped.assertStatus(200)
    const scopedCitations = scoped.body().citations as Citation[]
    assert.isAbove(scopedCitations.length, 0)
    for (const citation of scopedCitations) assert.equal(citation.bucket_id, brand.bucketId)
    assert.isFalse(scopedCitations.some((c) => policies.chunks.has(c.chunk_id)))

    const usageBefore = await serviceRows(
      "select count(*)::int as n from ai_usage_events where workspace_id = ? and purpose = 'knowledge.answer'",
      [account.personalWorkspaceId]
    )
    const none = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'How many moons does Jupiter have?' })
    none.assertStatus(200)
    await assertMatchesSpec(none)
    assert.deepInclude(none.body(), {
      answer: NOTHING_FOUND_ANSWER,
      citations: [],
      provider: null,
      model: null,
    })
    // No model was called for it.
    const usageAfter = await serviceRows(
      "select count(*)::int as n from ai_usage_events where workspace_id = ? and purpose = 'knowledge.answer'",
      [account.personalWorkspaceId]
    )
    assert.equal(usageAfter[0].n, usageBefore[0].n)
    // The search itself was logged, with nothing used.
    const logs = await serviceRows(
      'select used_in_response from knowledge_access_logs where search_id = ?',
      [none.body().search_id]
    )
    assert.isAbove(logs.length, 0)
    assert.isFalse(logs.some((log) => log.used_in_response))

    // A question of stop words only (a zero query vector) is no error either.
    const vague = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'What is it?' })
    vague.assertStatus(200)
    assert.equal(vague.body().answer, NOTHING_FOUND_ANSWER)

    // An empty knowledge base: the same honest answer.
    const empty = await registerAccount(client, 'kansempty')
    const emptyAnswer = await client
      .post('/v1/knowledge/answer')
      .bearerToken(empty.token)
      .json({ question: 'How long do refunds take?' })
    emptyAnswer.assertStatus(200)
    assert.equal(emptyAnswer.body().answer, NOTHING_FOUND_ANSWER)
    assert.deepEqual(emptyAnswer.body().citations, [])
  })

  test('the stream sends sources, text pieces, citations and done; the saved note equals the streamed text', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kansstream')
    const mine = await seedKnowledge(account, POLICIES)
    const stream = await readEventStream('/v1/knowledge/answer', {
      token: account.token,
      body: {
        question: 'Which delivery options are there and what do they cost?',
        save_note: true,
      },
    })
    assert.equal(stream.status, 200)
    assert.match(stream.contentType!, /^text\/event-stream/)
    const names = stream.events.map((event) => event.event)
    assert.deepEqual(names.slice(0, 2), ['start', 'sources'])
    assert.deepEqual(names.slice(-2), ['citations', 'done'])
    const deltas = stream.events.filter((event) => event.event === 'delta')
    assert.isAbove(deltas.length, 1, 'the answer arrives in pieces')
    assert.deepEqual(
      names.slice(2, -2),
      deltas.map(() => 'delta')
    )

    const start = stream.events[0].data
    const sources = stream.events[1].data.sources as Citation[]
    const done = stream.events.at(-1)!.data
    const citations = stream.events.at(-2)!.data.citations as Citation[]
    const streamedText = deltas.map((event) => event.data.text).join('')
    assert.equal(done.answer, streamedText)
    assert.deepEqual(done.citations, citations)
    assert.equal(done.search_id, start.search_id)
    assert.equal(done.provider, 'local')
    assert.include(streamedText, 'Express delivery costs 9 euros')
    // Sources are numbered 1..n; the citations are the sources the text uses.
    assert.deepEqual(
      sources.map((s) => s.number),
      sources.map((_s, index) => index + 1)
    )
    for (const citation of citations) {
      assert.deepEqual(citation, sources[citation.number - 1])
      assert.isTrue(mine.chunks.has(citation.chunk_id))
    }
    assert.deepEqual(
      markerNumbers(streamedText),
      citations.map((c) => c.number)
    )

    // `done` came after the commit: the note is there, with the streamed text and the sources.
    assert.isString(done.research_note_id)
    const note = await client
      .get(`/v1/knowledge/research-notes/${done.research_note_id}`)
      .bearerToken(account.token)
    note.assertStatus(200)
    await assertMatchesSpec(note)
    assert.equal(note.body().content, streamedText)
    assert.isNull(note.body().conversation_id)
    assert.equal(note.body().title, 'Which delivery options are there and what do they cost?')
    assert.deepEqual(
      note
        .body()
        .source_refs.map((ref: { chunk_id: string; citation: number }) => [
          ref.citation,
          ref.chunk_id,
        ]),
      citations.map((c) => [c.number, c.chunk_id])
    )
  })

  test('bad input is a 422 problem; save_note needs knowledge:write; keys need knowledge:read', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kansbad')
    const other = await registerAccount(client, 'kansbad2')
    await seedKnowledge(account, POLICIES)
    const foreign = await seedKnowledge(other, OTHER_POLICIES)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'question'],
      [{ question: '   ' }, 'question'],
      [{ question: 'x'.repeat(4001) }, 'question'],
      [{ question: 'refunds', limit: 0 }, 'limit'],
      [{ question: 'refunds', limit: 21 }, 'limit'],
      [{ question: 'refunds', threshold: 1.5 }, 'threshold'],
      [{ question: 'refunds', bucket_ids: ['nope'] }, 'bucket_ids.0'],
      [{ question: 'refunds', bucket_ids: [MISSING_ID] }, 'bucket_ids'],
      [{ question: 'refunds', bucket_ids: [foreign.bucketId] }, 'bucket_ids'],
      [{ question: 'refunds', bucket_type: 'private' }, 'bucket_type'],
      [{ question: 'refunds', provider: 'nope' }, 'provider'],
      [{ question: 'refunds', model: 'gpt-imaginary' }, 'model'],
      [{ question: 'refunds', save_note: 'yes' }, 'save_note'],
    ]
    for (const [body, field] of cases) {
      const response = await client
        .post('/v1/knowledge/answer')
        .bearerToken(account.token)
        .json(body)
      await assertInvalidField(response, field, JSON.stringify(body))
    }
    // The longest question is answered (it is searched and logged whole).
    const longest = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'refunds '.repeat(500).trim() })
    longest.assertStatus(200)
    assert.isAbove(longest.body().citations.length, 0)

    // A streamed request with bad input is an ordinary problem response too.
    const streamed = await readEventStream('/v1/knowledge/answer', {
      token: account.token,
      body: { question: 'refunds', provider: 'nope' },
    })
    assert.equal(streamed.status, 422)
    assert.match(streamed.contentType!, /problem\+json/)
    // None of the refused requests logged a search (only the longest question did).
    const logs = await serviceRows(
      'select count(distinct search_id)::int as n from knowledge_access_logs where user_id = ?',
      [account.id]
    )
    assert.equal(logs[0].n, 1)

    const reader = await createApiKey(client, account, account.personalWorkspaceId, [
      'knowledge:read',
    ])
    const answered = await client
      .post('/v1/knowledge/answer')
      .bearerToken(reader)
      .json({ question: 'How long do refunds take?' })
    answered.assertStatus(200)
    assert.isAbove(answered.body().citations.length, 0)
    const refused = await client
      .post('/v1/knowledge/answer')
      .bearerToken(reader)
      .json({ question: 'How long do refunds take?', save_note: true })
    refused.assertStatus(403)
    await assertMatchesSpec(refused)
    const writer = await createApiKey(client, account, account.personalWorkspaceId, [
      'knowledge:write',
    ])
    const saved = await client
      .post('/v1/knowledge/answer')
      .bearerToken(writer)
      .json({ question: 'How long do refunds take?', save_note: true })
    saved.assertStatus(200)
    assert.isString(saved.body().research_note_id)
    const notes = await client.get('/v1/knowledge/research-notes').bearerToken(account.token)
    assert.deepEqual(
      notes.body().data.map((n: { id: string }) => n.id),
      [saved.body().research_note_id]
    )
    const unrelated = await createApiKey(client, account, account.personalWorkspaceId, [
      'chat:write',
    ])
    const denied = await client
      .post('/v1/knowledge/answer')
      .bearerToken(unrelated)
      .json({ question: 'How long do refunds take?' })
    denied.assertStatus(403)
  })
})
