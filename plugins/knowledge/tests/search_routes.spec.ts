import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { createApiKey, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import {
  assertInvalidField,
  createBucket,
  insertBucket,
  insertDocumentWithChunks,
  MISSING_ID,
  personalRowCount,
  sharedWorkspace,
} from './helpers.js'

type Hit = {
  chunk_id: string
  bucket_id: string
  document_id: string
  similarity: number | null
  text_rank: number | null
  snippet: string
}

/** POST /v1/knowledge/search with a bearer credential. */
function search(client: ApiClient, token: string, body: Record<string, unknown>) {
  return client.post('/v1/knowledge/search').bearerToken(token).json(body)
}

test.group('Knowledge search: routes', () => {
  test("a second tenant's identical query returns nothing of the first tenant's", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'ksowner')
    const intruder = await registerAccount(client, 'ksintruder')
    const bucket = await insertBucket(owner, 'Secret plans')
    const { chunkIds } = await insertDocumentWithChunks(owner, bucket, 'Roadmap', [
      'The confidential roadmap moves the pricing launch to October.',
    ])
    const theirs = await insertBucket(intruder, 'Their notes')
    const { chunkIds: intruderChunks } = await insertDocumentWithChunks(
      intruder,
      theirs,
      'Gardening',
      ['Tomatoes need sun and regular watering.']
    )
    const body = { query: 'confidential roadmap pricing launch' }

    const own = await search(client, owner.token, body)
    own.assertStatus(200)
    assert.equal(own.body().data[0].chunk_id, chunkIds[0])

    for (const mode of ['hybrid', 'vector', 'text']) {
      const response = await search(client, intruder.token, { ...body, mode })
      response.assertStatus(200)
      const ids = response.body().data.map((hit: Hit) => hit.chunk_id)
      assert.notInclude(ids, chunkIds[0])
      assert.isTrue(ids.every((id: string) => intruderChunks.includes(id)))
    }
    // Naming the owner's bucket or document as a filter does not reach it either.
    const filtered = await search(client, intruder.token, {
      ...body,
      bucket_ids: [bucket],
      threshold: 0,
    })
    filtered.assertStatus(200)
    assert.lengthOf(filtered.body().data, 0)
    // Nor does the owner's workspace header (not a member).
    const header = await client
      .post('/v1/knowledge/search')
      .bearerToken(intruder.token)
      .header('X-Workspace-Id', owner.personalWorkspaceId)
      .json(body)
    header.assertStatus(404)
  })

  test('threshold keeps hits with at least that cosine similarity', async ({ client, assert }) => {
    const account = await registerAccount(client, 'ksthreshold')
    const bucket = await insertBucket(account, 'Onboarding')
    const { chunkIds } = await insertDocumentWithChunks(account, bucket, 'Onboarding', [
      'New employees receive a laptop and badge on their first day.',
      'The first day starts with a welcome breakfast for new employees.',
      'Expense reports are due on the fifth of each month.',
    ])
    const query = 'what do new employees receive on the first day'
    const all = await search(client, account.token, { query, mode: 'vector' })
    all.assertStatus(200)
    const hits: Hit[] = all.body().data
    assert.equal(hits[0].chunk_id, chunkIds[0])
    assert.isAtLeast(hits.length, 2)
    const cut = (hits[0].similarity! + hits[1].similarity!) / 2
    for (const mode of ['vector', 'hybrid']) {
      const strict = await search(client, account.token, { query, mode, threshold: cut })
      strict.assertStatus(200)
      assert.deepEqual(
        strict.body().data.map((hit: Hit) => hit.chunk_id),
        [chunkIds[0]],
        mode
      )
    }
    const none = await search(client, account.token, { query, threshold: 1 })
    none.assertStatus(200)
    assert.lengthOf(none.body().data, 0)
  })

  test('filters by bucket, bucket type, campaign and document; unknown ids match nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ksfilters')
    const first = await insertBucket(account, 'Press')
    const second = await insertBucket(account, 'Blog')
    const press = await insertDocumentWithChunks(account, first, 'Press kit', [
      'Our company logo must keep a clear space around it.',
    ])
    const blog = await insertDocumentWithChunks(account, second, 'Brand post', [
      'The logo redesign gave the company a brighter colour.',
    ])
    const older = await insertDocumentWithChunks(account, second, 'Old post', [
      'The old logo of the company was blue.',
    ])
    const query = 'company logo'
    const ids = async (body: Record<string, unknown>) => {
      const response = await search(client, account.token, { query, ...body })
      response.assertStatus(200)
      return response.body().data.map((hit: Hit) => hit.chunk_id)
    }
    assert.sameMembers(await ids({}), [...press.chunkIds, ...blog.chunkIds, ...older.chunkIds])
    assert.sameMembers(await ids({ bucket_ids: [first] }), press.chunkIds)
    // An empty list is no filter (as a conversation's empty bucket_ids).
    assert.lengthOf(await ids({ bucket_ids: [], document_ids: [] }), 3)
    assert.sameMembers(await ids({ bucket_ids: [second] }), [...blog.chunkIds, ...older.chunkIds])
    assert.sameMembers(await ids({ bucket_ids: [second], document_ids: [older.documentId] }), [
      ...older.chunkIds,
    ])
    assert.sameMembers(await ids({ document_ids: [press.documentId, blog.documentId] }), [
      ...press.chunkIds,
      ...blog.chunkIds,
    ])
    assert.lengthOf(await ids({ bucket_type: 'general' }), 3)
    assert.lengthOf(await ids({ bucket_type: 'campaign' }), 0)
    assert.lengthOf(await ids({ campaign_id: MISSING_ID }), 0)
    assert.lengthOf(await ids({ bucket_ids: [MISSING_ID] }), 0)
    assert.lengthOf(await ids({ limit: 1 }), 1)
  })

  test('every search is written to the access log, visible only to its user', async ({
    client,
    assert,
  }) => {
    const {
      owner,
      member,
      team: workspace,
    } = await sharedWorkspace(client, { owner: 'kslogs', member: 'kslogsmember' }, 'member')
    const bucket = await createBucket(client, owner, { name: 'Team wiki' }, workspace.id)
    // The helper writes into the account's personal workspace: point it at the team's.
    const ownerInTeam = { ...owner, personalWorkspaceId: workspace.id }
    const { chunkIds } = await insertDocumentWithChunks(ownerInTeam, bucket.id, 'Wiki', [
      'The VPN password rotates every ninety days.',
      'Printer paper is in the supply room.',
    ])

    const found = await client
      .post('/v1/knowledge/search')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ query: 'vpn password rotation', limit: 2 })
    found.assertStatus(200)
    const hits: Hit[] = found.body().data
    assert.equal(hits[0].chunk_id, chunkIds[0])
    const nothing = await client
      .post('/v1/knowledge/search')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ query: 'vpn password rotation', threshold: 1 })
    nothing.assertStatus(200)
    assert.lengthOf(nothing.body().data, 0)

    const logs = await client
      .get('/v1/knowledge/access-logs')
      .qs({ search_id: found.body().search_id })
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
    logs.assertStatus(200)
    await assertMatchesSpec(logs)
    const rows = [...logs.body().data].sort(
      (a: { rank: number }, b: { rank: number }) => a.rank - b.rank
    )
    assert.deepEqual(
      rows.map((row) => [row.chunk_id, row.rank]),
      hits.map((hit, index) => [hit.chunk_id, index + 1])
    )
    assert.isTrue(rows.every((row) => row.user_id === owner.id && row.agent_type === 'search'))
    assert.isTrue(rows.every((row) => row.query_text === 'vpn password rotation'))
    assert.closeTo(rows[0].similarity_score, hits[0].similarity!, 1e-9)
    assert.equal(rows[0].bucket_id, bucket.id)
    assert.isFalse(rows[0].used_in_response)

    const empty = await client
      .get('/v1/knowledge/access-logs')
      .qs({ search_id: nothing.body().search_id })
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
    assert.lengthOf(empty.body().data, 1)
    assert.isNull(empty.body().data[0].chunk_id)
    assert.isNull(empty.body().data[0].rank)

    const all = await client
      .get('/v1/knowledge/access-logs')
      .qs({ limit: 1 })
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
    assert.lengthOf(all.body().data, 1)
    assert.equal(all.body().data[0].search_id, nothing.body().search_id, 'newest first')
    const rest = await client
      .get('/v1/knowledge/access-logs')
      .qs({ limit: 5, cursor: all.body().next_cursor })
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
    assert.deepEqual(
      rest.body().data.map((row: { id: string }) => row.id),
      rows.map((row) => row.id)
    )
    assert.isNull(rest.body().next_cursor)

    // A member of the same workspace searches the same chunks but sees only their own log.
    const theirs = await client
      .post('/v1/knowledge/search')
      .bearerToken(member.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ query: 'printer paper' })
    theirs.assertStatus(200)
    assert.equal(theirs.body().data[0].chunk_id, chunkIds[1])
    const memberLogs = await client
      .get('/v1/knowledge/access-logs')
      .bearerToken(member.token)
      .header('X-Workspace-Id', workspace.id)
    assert.isTrue(
      memberLogs.body().data.every((row: { search_id: string; user_id: string }) => {
        return row.user_id === member.id && row.search_id === theirs.body().search_id
      })
    )
    assert.isAbove(memberLogs.body().data.length, 0)
    const peek = await client
      .get('/v1/knowledge/access-logs')
      .qs({ search_id: found.body().search_id })
      .bearerToken(member.token)
      .header('X-Workspace-Id', workspace.id)
    peek.assertStatus(200)
    assert.lengthOf(peek.body().data, 0)
    // Another tenant sees nothing at all.
    const stranger = await registerAccount(client, 'kslogsstranger')
    const strangerLogs = await client
      .get('/v1/knowledge/access-logs')
      .qs({ search_id: found.body().search_id })
      .bearerToken(stranger.token)
    strangerLogs.assertStatus(200)
    assert.lengthOf(strangerLogs.body().data, 0)
  })

  test('bad input gets 422 problem+json and writes no access log', async ({ client, assert }) => {
    const account = await registerAccount(client, 'ksinvalid')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'query'],
      [{ query: '' }, 'query'],
      [{ query: '   ' }, 'query'],
      [{ query: 'x'.repeat(1001) }, 'query'],
      [{ query: 'ok', limit: 0 }, 'limit'],
      [{ query: 'ok', limit: 51 }, 'limit'],
      [{ query: 'ok', limit: 2.5 }, 'limit'],
      [{ query: 'ok', threshold: 1.5 }, 'threshold'],
      [{ query: 'ok', threshold: -0.1 }, 'threshold'],
      [{ query: 'ok', mode: 'fuzzy' }, 'mode'],
      [{ query: 'ok', bucket_type: 'secret' }, 'bucket_type'],
      [{ query: 'ok', campaign_id: 'nope' }, 'campaign_id'],
      [{ query: 'ok', bucket_ids: ['nope'] }, 'bucket_ids.0'],
      [{ query: 'ok', bucket_ids: 'nope' }, 'bucket_ids'],
      [{ query: 'ok', document_ids: Array(101).fill(MISSING_ID) }, 'document_ids'],
      [{ query: 42 }, 'query'],
    ]
    for (const [body, field] of cases) {
      const response = await search(client, account.token, body)
      await assertInvalidField(response, field, JSON.stringify(body).slice(0, 60))
    }
    const badLogs = await client
      .get('/v1/knowledge/access-logs')
      .qs({ search_id: 'nope' })
      .bearerToken(account.token)
    badLogs.assertStatus(422)
    assert.equal(await personalRowCount(account, 'knowledge_access_logs'), 0)
    // A query of stop words only is valid: it finds nothing by its words, not even a chunk
    // made of those very words (without one, an empty result would prove nothing).
    const bucket = await insertBucket(account, 'Stop words')
    await insertDocumentWithChunks(account, bucket, 'Stop words', ['The of and the of and.'])
    const stopWords = await search(client, account.token, { query: 'the of and', mode: 'text' })
    stopWords.assertStatus(200)
    assert.lengthOf(stopWords.body().data, 0)
  })

  test('API keys need knowledge:read to search and read the log', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'kskeys')
    const bucket = await insertBucket(owner, 'Keys')
    const { chunkIds } = await insertDocumentWithChunks(owner, bucket, 'Doc', [
      'Webhook signatures use HMAC SHA-256 with the endpoint secret.',
    ])
    const readKey = await createApiKey(client, owner, owner.personalWorkspaceId, ['knowledge:read'])
    const found = await search(client, readKey, { query: 'how are webhook signatures computed' })
    found.assertStatus(200)
    assert.equal(found.body().data[0].chunk_id, chunkIds[0])
    const logs = await client
      .get('/v1/knowledge/access-logs')
      .qs({ search_id: found.body().search_id })
      .bearerToken(readKey)
    logs.assertStatus(200)
    // The key acts for the user who created it.
    assert.equal(logs.body().data[0].user_id, owner.id)

    const otherKey = await createApiKey(client, owner, owner.personalWorkspaceId, ['webhooks:read'])
    const refused = await search(client, otherKey, { query: 'webhook' })
    refused.assertStatus(403)
    const refusedLogs = await client.get('/v1/knowledge/access-logs').bearerToken(otherKey)
    refusedLogs.assertStatus(403)
    const anonymous = await client.post('/v1/knowledge/search').json({ query: 'webhook' })
    anonymous.assertStatus(401)
  })
})
