import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { isPluginEnabled } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { post } from './helpers.js'

/** Adds a text document to a new bucket of the account and waits until it is chunked. */
async function addDocument(client: ApiClient, account: TestAccount, text: string) {
  const bucket = await post(client, account, '/v1/knowledge/buckets', {
    name: `Docs ${Math.random()}`,
  })
  const document = await post(
    client,
    account,
    '/v1/knowledge/documents',
    { bucket_id: bucket.id, text },
    202
  )
  await waitFor(async () => {
    const response = await client
      .get(`/v1/knowledge/documents/${document.id}`)
      .bearerToken(account.token)
    return response.body().status === 'ready'
  }, 45_000)
  const chunks = await client
    .get(`/v1/knowledge/documents/${document.id}/chunks`)
    .bearerToken(account.token)
  return (chunks.body().data as Array<{ id: string }>).map((chunk) => chunk.id)
}

test.group('Strategy: grounding in the knowledge base', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test("positioning cites the caller's knowledge chunks only (or says the knowledge base is absent)", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'stratkb')
    const other = await registerAccount(client, 'stratkb2')
    if (!(await isPluginEnabled('knowledge'))) {
      // Without the knowledge plugin (native PostgreSQL has no pgvector) the analysis says so.
      const body = await post(client, owner, '/v1/strategy/positioning', {
        product_name: 'Acme Forecast',
      })
      assert.isFalse(body.citations.some((c: any) => c.source_type === 'knowledge_chunk'))
      assert.isTrue(body.limitations.some((l: string) => l.includes('knowledge')))
      return
    }
    const ownChunks = await addDocument(
      client,
      owner,
      '# Acme Forecast\n\nAcme Forecast predicts store demand for independent grocers every morning.'
    )
    const otherChunks = await addDocument(
      client,
      other,
      '# Acme Forecast\n\nAcme Forecast predicts store demand for independent grocers and bakeries.'
    )
    const body = await post(client, owner, '/v1/strategy/positioning', {
      product_name: 'Acme Forecast',
      description: 'Demand forecasting for grocers.',
    })
    const cited = body.citations
      .filter((c: any) => c.source_type === 'knowledge_chunk')
      .map((c: any) => c.source_id)
    assert.isNotEmpty(cited)
    for (const id of cited) {
      assert.include(ownChunks, id)
      assert.notInclude(otherChunks, id)
    }
    assert.isTrue(
      body.citations.some(
        (c: any) => c.source_type === 'knowledge_chunk' && c.excerpt.includes('every morning')
      )
    )
    assert.isFalse(body.limitations.some((l: string) => l.includes('knowledge')))
    // Keyword research reads the knowledge base too.
    const research = await post(client, owner, '/v1/strategy/keyword-research', {
      query: 'demand',
      documents: [{ title: 'Other', text: 'Bakery ovens bake bread. Bakery ovens heat fast.' }],
    })
    assert.equal(research.sources.chunks, ownChunks.length)
  })
})
