import { test } from '@japa/runner'
import { rawQuery, tenant } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'
import { asAccount, insertBucket, insertDocumentWithChunks } from './helpers.js'

/** Calls search_knowledge_chunks as `caller` (app_authenticated, RLS on). */
async function callSearch(
  caller: TestAccount,
  args: { userId: string | null; query: string; bucketType?: string; threshold?: number }
) {
  return asAccount(caller, async () => {
    const { vectors } = await embedForKnowledge([args.query], 'knowledge.search')
    const result = await rawQuery(
      tenant().trx,
      `select * from public.search_knowledge_chunks(?::uuid, ?::vector, ?, null, 10, ?)`,
      [args.userId, vectorParam(vectors[0]), args.bucketType ?? null, args.threshold ?? 0.1]
    )
    return result.rows
  })
}

test.group('Knowledge: search_knowledge_chunks SQL function', () => {
  test('is SECURITY INVOKER: another tenant passing the owner id gets nothing', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'ksqlowner')
    const intruder = await registerAccount(client, 'ksqlintruder')
    const bucket = await insertBucket(owner, 'Pricing')
    const { chunkIds, documentId } = await insertDocumentWithChunks(owner, bucket, 'Pricing', [
      'The enterprise plan costs 900 euros per month and includes single sign-on.',
      'Our office dog is called Biscuit.',
    ])
    const query = 'How much does the enterprise plan cost per month?'

    const own = await callSearch(owner, { userId: owner.id, query })
    assert.isAtLeast(own.length, 1)
    assert.equal(own[0].chunk_id, chunkIds[0])
    assert.equal(own[0].document_id, documentId)
    assert.equal(own[0].bucket_id, bucket)
    assert.equal(own[0].bucket_name, 'Pricing')
    assert.equal(own[0].document_title, 'Pricing')
    assert.include(own[0].chunk_content, '900 euros')
    assert.equal(own[0].chunk_index, 0)
    assert.isAbove(own[0].similarity_score, 0.3)
    assert.deepEqual(Object.keys(own[0]), [
      'chunk_id',
      'bucket_id',
      'document_id',
      'bucket_name',
      'document_title',
      'document_summary',
      'chunk_content',
      'chunk_index',
      'similarity_score',
      'metadata',
    ])

    // The seed's DEFINER version would have answered this with the owner's chunks.
    assert.lengthOf(await callSearch(intruder, { userId: owner.id, query }), 0)
    assert.lengthOf(await callSearch(intruder, { userId: null, query }), 0)

    // p_user_id only narrows: the owner naming somebody else gets nothing either.
    assert.lengthOf(await callSearch(owner, { userId: intruder.id, query }), 0)
    // Null user: every bucket of the caller's workspace.
    assert.equal((await callSearch(owner, { userId: null, query }))[0].chunk_id, chunkIds[0])

    const definer = await asAccount(owner, async () => {
      const result = await rawQuery(
        tenant().trx,
        `select prosecdef from pg_proc where proname = 'search_knowledge_chunks'`
      )
      return result.rows
    })
    assert.deepEqual(definer, [{ prosecdef: false }])
  })

  test('applies the similarity threshold and the bucket type filter', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'ksqlthreshold')
    const bucket = await insertBucket(owner, 'Support')
    const { chunkIds } = await insertDocumentWithChunks(owner, bucket, 'Support', [
      'Reset a forgotten password from the sign-in page.',
      'Password rules: twelve characters, one digit.',
    ])
    const query = 'reset forgotten password sign-in page'
    const all = await callSearch(owner, { userId: owner.id, query, threshold: 0 })
    assert.sameMembers(
      all.map((row) => row.chunk_id),
      chunkIds
    )
    const [best, weaker] = all
    assert.equal(best.chunk_id, chunkIds[0])
    assert.isAbove(best.similarity_score, weaker.similarity_score)

    const between = (best.similarity_score + weaker.similarity_score) / 2
    const strict = await callSearch(owner, { userId: owner.id, query, threshold: between })
    assert.deepEqual(
      strict.map((row) => row.chunk_id),
      [chunkIds[0]]
    )
    // The seed's default threshold (0.7) applies when none is given.
    const defaults = await asAccount(owner, async () => {
      const { vectors } = await embedForKnowledge([query], 'knowledge.search')
      const result = await rawQuery(
        tenant().trx,
        `select chunk_id, similarity_score from public.search_knowledge_chunks(?::uuid, ?::vector)`,
        [owner.id, vectorParam(vectors[0])]
      )
      return result.rows
    })
    assert.isAtLeast(defaults.length, 1)
    assert.isTrue(defaults.every((row) => row.similarity_score >= 0.7))
    assert.lengthOf(defaults, all.filter((row) => row.similarity_score >= 0.7).length)

    assert.lengthOf(await callSearch(owner, { userId: null, query, bucketType: 'campaign' }), 0)
    assert.lengthOf(await callSearch(owner, { userId: null, query, bucketType: 'general' }), 2)
  })
})
