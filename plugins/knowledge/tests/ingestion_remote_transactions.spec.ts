import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { aiConfig } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { serviceRows } from '#tests/helpers/service_rows'
import { fakeVector } from '#tests/helpers/fake_http_server'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import { ProviderHold } from '#tests/helpers/fake_chat_provider'
import { within } from '#tests/helpers/held_provider'
import knowledgeConfig from '../knowledge_config.js'
import { insertBucket, insertDocumentWithChunks } from './helpers.js'
import { allChunks, createDocument, longMarkdown, settled } from './ingestion_support.js'

const KEY = 'sk-fake-held-knowledge-embed-000000'
const MODEL = 'openai:text-embedding-3-small'

/** The `knowledge/embed_chunks` jobs of a document still queued or running (done ones are removed). */
async function embedJobs(documentId: string) {
  const result = await db.rawQuery(
    `select j.id, j.attempts, j.last_error from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'knowledge/embed_chunks' and j.payload->>'document_id' = ?`,
    [documentId]
  )
  return result.rows as Array<{ id: string; attempts: number; last_error: string | null }>
}

/** Embedding calls metered for the workspace's ingestion. */
function ingestUsage(account: TestAccount) {
  return serviceRows(
    `select operation, provider from ai_usage_events
      where workspace_id = ? and purpose = 'knowledge.ingest' order by created_at`,
    [account.personalWorkspaceId]
  )
}

/** Creates a text document whose embedding call the fake holds; resolves once it is held. */
async function heldDocument(
  client: ApiClient,
  account: TestAccount,
  fake: FakeOpenAiServer,
  text: string
) {
  const bucketId = await insertBucket(account, 'Held')
  const hold = (fake.embeddingHold = new ProviderHold())
  const created = await createDocument(client, account, { bucket_id: bucketId, text })
  created.assertStatus(202)
  try {
    await within(20_000, hold.reached, 'the embeddings call of the document')
  } catch (error) {
    hold.release()
    throw error
  }
  return { id: created.body().id as string, bucketId, hold }
}

test.group(
  'Knowledge ingestion / no transaction open during a remote embedding (issue 17)',
  (group) => {
    const fake = new FakeOpenAiServer(KEY)
    const savedBatch = knowledgeConfig.embedBatchSize
    group.setup(async () => {
      await fake.start()
      const savedProvider = { ...aiConfig.providers.openai }
      const savedRetries = aiConfig.maxRetries
      const savedEmbedding = { ...knowledgeConfig.embedding }
      aiConfig.providers.openai = { ...savedProvider, baseUrl: fake.baseUrl, apiKey: KEY }
      aiConfig.maxRetries = 0
      knowledgeConfig.embedding = { provider: 'openai', model: 'text-embedding-3-small' }
      const stopWorker = await runWorkerDuringGroup()
      return async () => {
        await stopWorker()
        aiConfig.providers.openai = savedProvider
        aiConfig.maxRetries = savedRetries
        knowledgeConfig.embedding = savedEmbedding
        await fake.server.close()
      }
    })
    group.each.setup(() => {
      fake.script = { text: 'unused', inputTokens: 10, outputTokens: 0 }
      fake.embeddingHold = null
      knowledgeConfig.embedBatchSize = savedBatch
    })

    test('while the provider embeds a batch, the document is not held: reads and writes go through, then it becomes ready', async ({
      client,
      assert,
    }) => {
      const account = await registerAccount(client, 'kheldembed')
      const { id, hold } = await heldDocument(
        client,
        account,
        fake,
        '# Returns\n\nReturns are accepted within thirty days of delivery.'
      )
      try {
        const during = await within(
          8_000,
          client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token),
          'reading the document during the held call'
        )
        during.assertStatus(200)
        assert.equal(during.body().status, 'processing')
        assert.deepInclude(during.body().progress, { stage: 'embedding', embedded_chunk_count: 0 })
        const meanwhile = await within(
          8_000,
          client
            .post('/v1/knowledge/buckets')
            .bearerToken(account.token)
            .json({ name: 'Meanwhile', bucket_type: 'general' }),
          'a write in the workspace during the held call'
        )
        meanwhile.assertStatus(201)
      } finally {
        hold.release()
      }
      const document = await settled(client, account, id)
      assert.equal(document.status, 'ready', document.processing_error)
      assert.equal(document.embedded_chunk_count, document.chunk_count)
      const chunks = await allChunks(client, account, id, true)
      assert.isAbove(chunks.length, 0)
      for (const chunk of chunks) {
        assert.equal(chunk.embedding_model, MODEL)
        assert.deepEqual(chunk.embedding, fakeVector(chunk.content, 1536))
      }
      assert.deepEqual(await ingestUsage(account), [{ operation: 'embed', provider: 'openai' }])
    })

    test('batches of one document run side by side: one held by the provider does not stop the others, progress stays exact', async ({
      client,
      assert,
    }) => {
      knowledgeConfig.embedBatchSize = 1
      const account = await registerAccount(client, 'kheldembedpar')
      const { id, hold } = await heldDocument(client, account, fake, longMarkdown(2, 4))
      try {
        // The other batches go on while one waits on the provider: all but the held chunk embedded.
        const during = await waitFor(async () => {
          const shown = await within(
            8_000,
            client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token),
            'reading the progress during the held call'
          )
          const progress = shown.body().progress
          return progress.chunk_count > 1 &&
            progress.embedded_chunk_count === progress.chunk_count - 1
            ? shown.body()
            : null
        }, 20_000)
        assert.equal(during.status, 'processing')
        assert.equal(during.progress.stage, 'embedding')
      } finally {
        hold.release()
      }
      const document = await settled(client, account, id)
      assert.equal(document.status, 'ready', document.processing_error)
      assert.equal(document.embedded_chunk_count, document.chunk_count)
      const chunks = await allChunks(client, account, id, true)
      assert.lengthOf(chunks, document.chunk_count)
      for (const chunk of chunks) {
        assert.deepEqual(chunk.embedding, fakeVector(chunk.content, 1536))
      }
      assert.lengthOf(await ingestUsage(account), document.chunk_count, 'one call per batch')
    })

    test('a document deleted while its embeddings are computed stays deleted: no vectors written, the job ends without error', async ({
      client,
      assert,
    }) => {
      const account = await registerAccount(client, 'kheldembeddel')
      const { id, hold } = await heldDocument(
        client,
        account,
        fake,
        '# Shipping\n\nOrders ship within two business days.'
      )
      try {
        const deleted = await within(
          8_000,
          client.delete(`/v1/knowledge/documents/${id}`).bearerToken(account.token),
          'deleting the document during the held call'
        )
        deleted.assertStatus(204)
      } finally {
        hold.release()
      }
      // The batch finishes (no retry left behind, no error recorded) once the provider answers.
      await waitFor(async () => (await embedJobs(id)).length === 0, 20_000)
      const gone = await client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token)
      gone.assertStatus(404)
      const chunks = await serviceRows(
        'select id from public.knowledge_chunks where document_id = ?::uuid',
        [id]
      )
      assert.deepEqual(chunks, [], 'no chunk (and no vector) of the deleted document')
      // The provider did the work: the call is metered all the same.
      assert.deepEqual(await ingestUsage(account), [{ operation: 'embed', provider: 'openai' }])
    })

    test('content replaced while the old content is embedded: the stale vectors are dropped, the new content gets its own', async ({
      client,
      assert,
    }) => {
      const account = await registerAccount(client, 'kheldembedrep')
      const { id, hold } = await heldDocument(
        client,
        account,
        fake,
        '# Warranty\n\nThe old warranty lasts one year.'
      )
      const newText = '# Warranty\n\nThe new warranty lasts three years and covers batteries.'
      try {
        const replaced = await within(
          8_000,
          client
            .put(`/v1/knowledge/documents/${id}/content`)
            .bearerToken(account.token)
            .json({ text: newText }),
          'replacing the content during the held call'
        )
        replaced.assertStatus(202)
        // The new run is processed and embedded while the old batch still waits on the provider.
        const document = await settled(client, account, id)
        assert.equal(document.status, 'ready', document.processing_error)
      } finally {
        hold.release()
      }
      await waitFor(async () => (await embedJobs(id)).length === 0, 20_000)
      const shown = await client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token)
      const document = shown.body()
      assert.equal(document.status, 'ready')
      assert.equal(document.embedded_chunk_count, document.chunk_count)
      const chunks = await allChunks(client, account, id, true)
      assert.isAbove(chunks.length, 0)
      for (const chunk of chunks) {
        assert.notInclude(chunk.content, 'one year')
        assert.equal(chunk.embedding_model, MODEL)
        // The vector of the chunk's own content, not of the old content embedded meanwhile.
        assert.deepEqual(chunk.embedding, fakeVector(chunk.content, 1536))
      }
      assert.lengthOf(await ingestUsage(account), 2, 'both calls are metered')
    })
  }
)

test.group('Knowledge search / query embedded with no transaction open (issue 17)', (group) => {
  const fake = new FakeOpenAiServer(KEY)
  group.setup(async () => {
    await fake.start()
    const savedProvider = { ...aiConfig.providers.openai }
    const savedRetries = aiConfig.maxRetries
    const savedEmbedding = { ...knowledgeConfig.embedding }
    aiConfig.providers.openai = { ...savedProvider, baseUrl: fake.baseUrl, apiKey: KEY }
    aiConfig.maxRetries = 0
    knowledgeConfig.embedding = { provider: 'openai', model: 'text-embedding-3-small' }
    return async () => {
      aiConfig.providers.openai = savedProvider
      aiConfig.maxRetries = savedRetries
      knowledgeConfig.embedding = savedEmbedding
      await fake.server.close()
    }
  })

  test('while the provider embeds the query, the workspace stays writable; the search then reads and logs', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kheldsearch')
    const bucketId = await insertBucket(account, 'Policies')
    const { chunkIds } = await insertDocumentWithChunks(account, bucketId, 'Refunds', [
      'The refund window is thirty days from delivery.',
    ])
    const hold = (fake.embeddingHold = new ProviderHold())
    const searching = Promise.resolve(
      client
        .post('/v1/knowledge/search')
        .bearerToken(account.token)
        .json({ query: 'refund window', mode: 'hybrid' })
    )
    try {
      await within(15_000, hold.reached, 'the query embedding call')
      const meanwhile = await within(
        8_000,
        client
          .post('/v1/knowledge/buckets')
          .bearerToken(account.token)
          .json({ name: 'Meanwhile', bucket_type: 'general' }),
        'a write in the workspace during the held call'
      )
      meanwhile.assertStatus(201)
    } finally {
      hold.release()
    }
    const response = await within(15_000, searching, 'the search answer')
    response.assertStatus(200)
    assert.isString(response.body().search_id)
    assert.deepEqual(
      response.body().data.map((hit: { chunk_id: string }) => hit.chunk_id),
      chunkIds
    )
    assert.isNumber(response.body().data[0].similarity, 'the vector leg used the query embedding')
    // The hits were logged in the transaction opened after the call.
    const logged = await serviceRows(
      'select chunk_id from knowledge_access_logs where search_id = ?::uuid',
      [response.body().search_id]
    )
    assert.deepEqual(
      logged.map((row) => row.chunk_id),
      chunkIds
    )
    const usage = await serviceRows(
      `select operation, provider from ai_usage_events
        where workspace_id = ? and purpose = 'knowledge.search'`,
      [account.personalWorkspaceId]
    )
    assert.deepEqual(usage, [{ operation: 'embed', provider: 'openai' }])
  })
})
