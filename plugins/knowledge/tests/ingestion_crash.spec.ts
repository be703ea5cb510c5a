import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { dieWhileRunning, jobIdFor, jobRow, reclaimDeadWorkers } from '#tests/helpers/dead_worker'
import { createBucket } from './helpers.js'
import { createDocument } from './ingestion_support.js'

test.group('Knowledge ingestion: a document that crashes the worker', () => {
  test('processing that killed its worker twice fails the document with a readable processing_error', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kcrash')
    const bucket = await createBucket(client, account)
    const created = await createDocument(client, account, {
      bucket_id: bucket.id,
      title: 'Crashes the worker',
      text: 'Some text that a poison job never gets to process.',
    })
    created.assertStatus(202)
    const documentId = created.body().id as string
    const jobId = (await jobIdFor('knowledge/process_document', 'document_id', documentId))!
    assert.isString(jobId)

    await dieWhileRunning(jobId)
    assert.deepEqual((await reclaimDeadWorkers('expired')).failed, [])
    const first = await client
      .get(`/v1/knowledge/documents/${documentId}`)
      .bearerToken(account.token)
    assert.equal(first.body().status, 'processing', 'one crash: retried')

    await dieWhileRunning(jobId)
    const result = await reclaimDeadWorkers('expired')
    assert.deepEqual(
      result.failed.map((job) => [job.id, job.task]),
      [[jobId, 'knowledge/process_document']]
    )
    const shown = await client
      .get(`/v1/knowledge/documents/${documentId}`)
      .bearerToken(account.token)
    shown.assertStatus(200)
    assert.equal(shown.body().status, 'failed')
    assert.match(shown.body().processing_error, /worker process died twice/)
    const job = await jobRow(jobId)
    assert.equal(job.attempts, job.max_attempts)
  })
})
