import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { aiConfig } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import knowledgeConfig from '../knowledge_config.js'
import { insertBucket } from './helpers.js'
import { allChunks, createDocument, longMarkdown, settled } from './ingestion_support.js'

const KEY = 'openai-knowledge-key-0123456789'

/** The pending `knowledge/embed_chunks` jobs of a document. */
async function embedJobs(documentId: string) {
  const result = await db.rawQuery(
    `select j.id, j.attempts, j.last_error, j.run_at from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'knowledge/embed_chunks' and j.payload->>'document_id' = ?`,
    [documentId]
  )
  return result.rows
}

test.group('Knowledge ingestion: embedding provider failures', (group) => {
  const fake = new FakeOpenAiServer(KEY)
  group.setup(async () => {
    await fake.start()
    const savedProvider = { ...aiConfig.providers.openai }
    const savedRetries = aiConfig.maxRetries
    const savedEmbedding = { ...knowledgeConfig.embedding }
    const savedBatch = knowledgeConfig.embedBatchSize
    aiConfig.providers.openai = { ...savedProvider, baseUrl: fake.baseUrl, apiKey: KEY }
    aiConfig.maxRetries = 0
    knowledgeConfig.embedding = { provider: 'openai', model: 'text-embedding-3-small' }
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      aiConfig.providers.openai = savedProvider
      aiConfig.maxRetries = savedRetries
      knowledgeConfig.embedding = savedEmbedding
      knowledgeConfig.embedBatchSize = savedBatch
      await fake.server.close()
    }
  })
  group.each.setup(() => {
    fake.script = { text: 'unused', inputTokens: 10, outputTokens: 0 }
    knowledgeConfig.embedBatchSize = 96
  })

  test('chunks are embedded in batches of embedBatchSize through the configured provider', async ({
    client,
    assert,
  }) => {
    knowledgeConfig.embedBatchSize = 3
    const account = await registerAccount(client, 'kprovbatch')
    const bucketId = await insertBucket(account, 'Remote')
    const before = fake.server.requests.length
    const created = await createDocument(client, account, {
      bucket_id: bucketId,
      text: longMarkdown(3, 6),
    })
    const document = await settled(client, account, created.body().id)
    assert.equal(document.status, 'ready', document.processing_error)
    const calls = fake.server.requests
      .slice(before)
      .filter((request) => request.path === '/v1/embeddings')
    assert.equal(calls.length, Math.ceil(document.chunk_count / 3))
    for (const call of calls) {
      assert.isAtMost(call.body.input.length, 3)
      assert.equal(call.body.dimensions, 1536)
      assert.equal(call.body.model, 'text-embedding-3-small')
    }
    const chunks = await allChunks(client, account, document.id)
    assert.isTrue(
      chunks.every((chunk) => chunk.embedding_model === 'openai:text-embedding-3-small')
    )
  })

  test('a provider outage is retried: the document stays processing, then becomes ready', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kprovretry')
    const bucketId = await insertBucket(account, 'Remote')
    fake.script.failStatus = 503
    const created = await createDocument(client, account, {
      bucket_id: bucketId,
      text: '# Outage\n\nEmbedding fails the first time.',
    })
    const id = created.body().id
    const [failedJob] = await waitFor(async () => {
      const jobs = await embedJobs(id)
      return jobs.length && jobs[0].attempts === 1 && jobs[0].last_error ? jobs : null
    })
    assert.match(failedJob.last_error, /failed with HTTP 503/)
    const during = await client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token)
    assert.equal(during.body().status, 'processing')
    assert.deepInclude(during.body().progress, { stage: 'embedding', embedded_chunk_count: 0 })
    assert.equal(during.body().progress.percent, 20)

    fake.script.failStatus = undefined
    await db.rawQuery('update graphile_worker._private_jobs set run_at = now() where id = ?', [
      failedJob.id,
    ])
    const document = await settled(client, account, id)
    assert.equal(document.status, 'ready', document.processing_error)
    assert.equal(document.embedded_chunk_count, 1)
  })

  test('a provider that cannot embed fails the document at once, with the reason', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kprovperm')
    const bucketId = await insertBucket(account, 'Remote')
    knowledgeConfig.embedding = { provider: 'anthropic' }
    try {
      const created = await createDocument(client, account, {
        bucket_id: bucketId,
        text: 'Some text.',
      })
      const document = await settled(client, account, created.body().id)
      assert.equal(document.status, 'failed')
      assert.equal(
        document.processing_error,
        'The AI provider could not process the document: Provider "anthropic" does not support embeddings'
      )
    } finally {
      knowledgeConfig.embedding = { provider: 'openai', model: 'text-embedding-3-small' }
    }
  })
})
