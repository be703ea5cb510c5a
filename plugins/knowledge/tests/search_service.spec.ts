import { test } from '@japa/runner'
import { rawQuery, tenant, cosineSimilarity } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import {
  markUsedInResponse,
  searchKnowledge,
  type KnowledgeSearchParams,
} from '../services/search_service.js'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'
import { normalizeSearch, searchBindings, searchSql } from '../services/search_query.js'
import { asAccount, insertBucket, insertDocumentWithChunks } from './helpers.js'

/** Chunks on neighbouring topics of one marketing knowledge base. */
const HANDBOOK = [
  'Email open rates improve when subject lines are short, personal and sent on Tuesday mornings.',
  'Refund policy: a customer who cancels an annual subscription within 30 days is refunded in full.',
  'Upgrading a subscription from monthly to annual billing applies a prorated credit to the invoice.',
  'To reset a forgotten password, open the sign-in page, choose "Forgot password" and follow the link.',
  'Our brand voice is friendly and direct; avoid jargon in social media posts and ads.',
  'Paid search budgets move weekly toward the keywords with the lowest cost per acquisition.',
]

const CROWD_QUERY = 'quarterly churn forecast for enterprise accounts'

/** 300 distinct chunks of another tenant, all closer to CROWD_QUERY than the owner's. */
const CROWD = Array.from({ length: 300 }, (_, index) => {
  const topics = [
    'renewals',
    'upsell',
    'pricing',
    'support',
    'onboarding',
    'usage',
    'seats',
    'billing',
    'contracts',
    'health scores',
  ]
  const regions = [
    'EMEA',
    'APAC',
    'LATAM',
    'NA',
    'DACH',
    'Nordics',
    'Benelux',
    'Iberia',
    'France',
    'Italy',
  ]
  const owners = ['Ana', 'Ben', 'Chen']
  return `Quarterly churn forecast for enterprise accounts: ${topics[index % 10]}, ${regions[Math.floor(index / 10) % 10]}, owner ${owners[Math.floor(index / 100)]}.`
})

/** The owner's chunks: three related to CROWD_QUERY, one not. */
const OWNER_CHUNKS = [
  'Churn forecast notes: enterprise renewals look stable this quarter.',
  'The forecast of churn among enterprise accounts uses the cohorts of last year.',
  'Quarterly planning for the events team and their enterprise accounts.',
  'Office plants need water on Fridays.',
]

test.group('Knowledge search service', () => {
  test('finds the right chunk for a paraphrased question among related chunks', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kssvc')
    const bucket = await insertBucket(account, 'Handbook')
    const { chunkIds } = await insertDocumentWithChunks(account, bucket, 'Handbook', HANDBOOK)

    const result = await asAccount(account, () =>
      searchKnowledge({ query: 'Can I get my money back if I cancel the yearly subscription?' })
    )
    assert.isAbove(result.hits.length, 1)
    assert.equal(result.hits[0].chunkId, chunkIds[1])
    assert.equal(result.hits[0].documentTitle, 'Handbook')
    assert.equal(result.hits[0].bucketName, 'Handbook')
    assert.isAbove(result.hits[0].similarity!, result.hits[1].similarity ?? 0)

    const logs = await asAccount(account, async () => {
      const rows = await rawQuery(
        tenant().trx,
        `select chunk_id, rank, similarity_score, user_id, agent_type, used_in_response
           from knowledge_access_logs where search_id = ? order by rank`,
        [result.searchId]
      )
      return rows.rows
    })
    assert.equal(logs.length, result.hits.length)
    assert.equal(logs[0].chunk_id, chunkIds[1])
    assert.equal(logs[0].rank, 1)
    assert.equal(logs[0].user_id, account.id)
    assert.equal(logs[0].agent_type, 'search')
    assert.closeTo(logs[0].similarity_score, result.hits[0].similarity!, 1e-9)

    await asAccount(account, () => markUsedInResponse(result.searchId, [chunkIds[1]]))
    const used = await asAccount(account, async () => {
      const rows = await rawQuery(
        tenant().trx,
        `select chunk_id from knowledge_access_logs where search_id = ? and used_in_response`,
        [result.searchId]
      )
      return rows.rows.map((row) => row.chunk_id)
    })
    assert.deepEqual(used, [chunkIds[1]])
  })

  test('top-k under tenant filtering: the caller gets its exact top-k whatever another tenant holds', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kscrowd')
    const crowd = await registerAccount(client, 'kscrowdother')
    // The other tenant holds 300 chunks closer to the query than any of the owner's.
    const crowdBucket = await insertBucket(crowd, 'Forecasts')
    await insertDocumentWithChunks(crowd, crowdBucket, 'Forecast variants', CROWD)
    const bucket = await insertBucket(owner, 'Notes')
    const { chunkIds } = await insertDocumentWithChunks(owner, bucket, 'Churn notes', OWNER_CHUNKS)

    await asAccount(owner, async () => {
      const result = await searchKnowledge({ query: CROWD_QUERY, limit: 3, mode: 'vector' })
      // Brute force over the owner's chunks: the same three, in the same order.
      const { vectors } = await embedForKnowledge(
        [CROWD_QUERY, ...OWNER_CHUNKS],
        'knowledge.search'
      )
      const expected = OWNER_CHUNKS.map((_, index) => ({
        id: chunkIds[index],
        similarity: cosineSimilarity(vectors[0], vectors[index + 1]),
      }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 3)
      assert.deepEqual(
        result.hits.map((hit) => hit.chunkId),
        expected.map((hit) => hit.id)
      )
      result.hits.forEach((hit, index) =>
        assert.closeTo(hit.similarity!, expected[index].similarity, 1e-6)
      )
    })
  })

  test('the HNSW index path under RLS: another tenant crowds out the bare index, not the search', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kshnsw')
    const crowd = await registerAccount(client, 'kshnswother')
    const crowdBucket = await insertBucket(crowd, 'Forecasts')
    await insertDocumentWithChunks(crowd, crowdBucket, 'Forecast variants', CROWD)
    const bucket = await insertBucket(owner, 'Notes')
    const { chunkIds, documentId } = await insertDocumentWithChunks(
      owner,
      bucket,
      'Churn notes',
      OWNER_CHUNKS
    )

    await asAccount(owner, async () => {
      const trx = tenant().trx
      const input = normalizeSearch({ query: CROWD_QUERY, limit: 3, mode: 'vector' })
      const embedded = await embedForKnowledge([CROWD_QUERY], 'knowledge.search')
      const vector = vectorParam(embedded.vectors[0])
      const bindings = () =>
        searchBindings(input, {
          workspaceId: owner.personalWorkspaceId,
          userId: owner.id,
          searchId: crypto.randomUUID(),
          embedding: vector,
          model: embedded.model,
        })
      // Scans of the HNSW index in this transaction (PostgreSQL's per-transaction statistics).
      const indexScans = async () => {
        const result = await rawQuery(
          trx,
          `select pg_stat_get_xact_numscans('public.idx_knowledge_chunks_embedding'::regclass)::int as n`
        )
        return result.rows[0].n as number
      }

      // The bare index, as pgvector scans it without iterative scan (planner pushed onto it):
      // ef_search neighbours, all of the other tenant's, which RLS and the workspace filter drop.
      await rawQuery(
        trx,
        `select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
          set_config('enable_sort', 'off', true), set_config('hnsw.iterative_scan', 'off', true),
          set_config('hnsw.ef_search', '40', true)`
      )
      const indexOnly = `select id from knowledge_chunks where workspace_id = ?
        order by embedding <=> ?::vector limit 3`
      const plan = await rawQuery(trx, `explain ${indexOnly}`, [owner.personalWorkspaceId, vector])
      assert.match(
        plan.rows.map((row) => row['QUERY PLAN']).join('\n'),
        /Index Scan using idx_knowledge_chunks_embedding/
      )
      const crowded = await rawQuery(trx, indexOnly, [owner.personalWorkspaceId, vector])
      assert.lengthOf(crowded.rows, 0)
      await rawQuery(
        trx,
        `select set_config('enable_seqscan', 'on', true), set_config('enable_bitmapscan', 'on', true),
          set_config('enable_sort', 'on', true), set_config('hnsw.ef_search', '100', true)`
      )

      // The search's index path (used above EXACT_SCAN_MAX_CHUNKS): knowledge_nearest_chunks
      // scans the HNSW index with iterative scan under RLS, with plain planner settings, and the
      // exact fallback completes what the graph did not reach: the owner's exact top-3.
      const before = await indexScans()
      const found = await rawQuery(trx, searchSql(false), bindings())
      assert.isAbove(await indexScans(), before)
      const { vectors } = await embedForKnowledge(OWNER_CHUNKS, 'knowledge.search')
      const expected = OWNER_CHUNKS.map((_, index) => ({
        id: chunkIds[index],
        similarity: cosineSimilarity(embedded.vectors[0], vectors[index]),
      }))
        .sort((first, second) => second.similarity - first.similarity)
        .slice(0, 3)
      assert.deepEqual(
        found.rows.map((row) => row.chunk_id),
        expected.map((hit) => hit.id)
      )
      // The exact path does not touch the index.
      const beforeExact = await indexScans()
      await rawQuery(trx, searchSql(true), bindings())
      assert.equal(await indexScans(), beforeExact)

      // The index path applies the bucket, type and document filters too.
      const filtered = async (params: Partial<KnowledgeSearchParams>) => {
        const narrowed = normalizeSearch({
          query: CROWD_QUERY,
          limit: 3,
          mode: 'vector',
          ...params,
        })
        const result = await rawQuery(
          trx,
          searchSql(false),
          searchBindings(narrowed, {
            workspaceId: owner.personalWorkspaceId,
            userId: owner.id,
            searchId: crypto.randomUUID(),
            embedding: vector,
            model: embedded.model,
          })
        )
        return result.rows.map((row) => row.chunk_id)
      }
      assert.lengthOf(await filtered({ bucketType: 'campaign' }), 0)
      assert.deepEqual(
        await filtered({ bucketType: 'general', bucketIds: [bucket] }),
        expected.map((hit) => hit.id)
      )
      assert.lengthOf(await filtered({ bucketIds: [crowdBucket] }), 0)
      assert.lengthOf(await filtered({ documentIds: [crypto.randomUUID()] }), 0)
      assert.deepEqual(
        await filtered({ documentIds: [documentId] }),
        expected.map((hit) => hit.id)
      )
      // So does the seed's SQL function.
      const viaFunction = await rawQuery(
        trx,
        'select chunk_id from public.search_knowledge_chunks(null, ?::vector, null, null, 3, 0)',
        [vector]
      )
      assert.deepEqual(
        viaFunction.rows.map((row) => row.chunk_id),
        expected.map((hit) => hit.id)
      )
    })
  })

  test('zero vectors (stop words only) never become NaN hits', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kszero')
    const bucket = await insertBucket(account, 'Garden')
    const { chunkIds } = await insertDocumentWithChunks(account, bucket, 'Garden', [
      'It is what it is.',
      'Tomatoes need sun and regular watering.',
    ])
    await asAccount(account, async () => {
      const stopWords = await searchKnowledge({ query: 'what is it', mode: 'vector' })
      assert.lengthOf(stopWords.hits, 0)
      const logged = await rawQuery(
        tenant().trx,
        'select chunk_id from knowledge_access_logs where search_id = ?',
        [stopWords.searchId]
      )
      assert.deepEqual(logged.rows, [{ chunk_id: null }])

      for (const mode of ['vector', 'hybrid'] as const) {
        const result = await searchKnowledge({ query: 'watering tomatoes', mode })
        assert.deepEqual(
          result.hits.map((hit) => hit.chunkId),
          [chunkIds[1]],
          mode
        )
        assert.isFalse(Number.isNaN(result.hits[0].similarity))
      }
      const embedded = await embedForKnowledge(['watering tomatoes'], 'knowledge.search')
      const rows = await rawQuery(
        tenant().trx,
        'select chunk_id from public.search_knowledge_chunks(null, ?::vector, null, null, 10, 0)',
        [vectorParam(embedded.vectors[0])]
      )
      assert.deepEqual(
        rows.rows.map((row) => row.chunk_id),
        [chunkIds[1]]
      )
    })
  })
})
