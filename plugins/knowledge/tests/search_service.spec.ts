import { test } from '@japa/runner'
import { rawQuery } from '#core/database/raw_query'
import { tenant } from '#core/tenancy/tenant_context'
import { registerAccount } from '#tests/helpers/accounts'
import { markUsedInResponse, searchKnowledge } from '../services/search_service.js'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'
import { normalizeSearch, SEARCH_SQL, searchBindings } from '../services/search_query.js'
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

  test('top-k under tenant filtering: the HNSW scan under RLS is not crowded out by another tenant', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kscrowd')
    const crowd = await registerAccount(client, 'kscrowdother')
    // The other tenant holds 300 chunks closer to the query than any of the owner's.
    const crowdBucket = await insertBucket(crowd, 'Forecasts')
    await insertDocumentWithChunks(
      crowd,
      crowdBucket,
      'Forecast variants',
      Array.from(
        { length: 300 },
        (_, index) => `Quarterly churn forecast for enterprise accounts, variant ${index}.`
      )
    )
    const bucket = await insertBucket(owner, 'Notes')
    const { chunkIds } = await insertDocumentWithChunks(owner, bucket, 'Churn notes', [
      'Churn forecast notes: enterprise renewals look stable this quarter.',
      'The forecast of churn among enterprise accounts uses the cohorts of last year.',
      'Quarterly planning for the events team and their enterprise accounts.',
      'Office plants need water on Fridays.',
    ])
    const query = 'quarterly churn forecast for enterprise accounts'

    await asAccount(owner, async () => {
      const trx = tenant().trx
      // Make the planner take the HNSW index (on a small test table it would rather sort the
      // tenant's few rows exactly, which is correct anyway): this test is about the index path.
      await rawQuery(
        trx,
        `select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
          set_config('enable_sort', 'off', true)`
      )
      const input = normalizeSearch({ query, limit: 3, mode: 'vector' })
      const embedded = await embedForKnowledge([query], 'knowledge.search')
      const bindings = (searchId: string) =>
        searchBindings(input, {
          workspaceId: owner.personalWorkspaceId,
          userId: owner.id,
          searchId,
          embedding: vectorParam(embedded.vectors[0]),
          model: embedded.model,
        })
      const plan = await rawQuery(trx, `explain ${SEARCH_SQL}`, bindings(crypto.randomUUID()))
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n')
      assert.match(text, /Index Scan using idx_knowledge_chunks_embedding on knowledge_chunks c/)

      // Without iterative scan the index hands back ef_search neighbours, all of the other
      // tenant's, which RLS and the workspace filter drop: the owner gets nothing.
      await rawQuery(
        trx,
        `select set_config('hnsw.iterative_scan', 'off', true), set_config('hnsw.ef_search', '40', true)`
      )
      const crowded = await rawQuery(trx, SEARCH_SQL, bindings(crypto.randomUUID()))
      assert.isBelow(crowded.rows.length, 3)

      // The service turns iterative scan on: the owner's three nearest chunks, best first.
      const result = await searchKnowledge({ query, limit: 3, mode: 'vector' })
      assert.sameMembers(
        result.hits.map((hit) => hit.chunkId),
        chunkIds.slice(0, 3)
      )
      const similarities = result.hits.map((hit) => hit.similarity!)
      assert.deepEqual(
        similarities,
        [...similarities].sort((a, b) => b - a)
      )
    })
  })
})
