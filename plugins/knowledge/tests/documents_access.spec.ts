import { test } from '@japa/runner'
import { createApiKey, registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { withTenant, rawQuery, tenant } from '#sdk'
import { insertBucket, sharedWorkspace } from './helpers.js'
import { allChunks, settled, uploadFile } from './ingestion_support.js'

/** A ready uploaded document of `account` with its chunks. */
async function readyDocument(client: any, account: TestAccount, bucketId: string) {
  const upload = await uploadFile(
    client,
    account,
    bucketId,
    'secret.md',
    '# Secret plan\n\nLaunch on Friday.'
  )
  upload.assertStatus(202)
  const document = await settled(client, account, upload.body().id)
  const chunks = await allChunks(client, account, document.id)
  return { document, chunks }
}

test.group('Knowledge documents: tenancy and scopes', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('another account gets 404 on every document and chunk route, and cannot use the bucket', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kaown')
    const intruder = await registerAccount(client, 'kaint')
    const bucketId = await insertBucket(owner, 'Private')
    const { document, chunks } = await readyDocument(client, owner, bucketId)
    const id = document.id

    const attempts = [
      client.get(`/v1/knowledge/documents/${id}`),
      client.get(`/v1/knowledge/documents/${id}`).qs({ include_content: true }),
      client.get(`/v1/knowledge/documents/${id}/chunks`),
      client.get(`/v1/knowledge/documents/${id}/original`),
      client.get(`/v1/knowledge/chunks/${chunks[0].id}`),
      client.post(`/v1/knowledge/documents/${id}/reprocess`),
      client.put(`/v1/knowledge/documents/${id}/content`).json({ text: 'overwritten' }),
      client
        .put(`/v1/knowledge/documents/${id}/content`)
        .file('file', Buffer.from('overwritten'), { filename: 'x.txt' }),
      client.delete(`/v1/knowledge/documents/${id}`),
    ]
    for (const request of attempts) {
      const response = await request.bearerToken(intruder.token)
      assert.equal(
        response.status(),
        404,
        `${response.request.config.method} ${response.request.config.endpoint}`
      )
      await assertMatchesSpec(response)
      assert.notInclude(response.text(), 'Secret plan')
    }
    const list = await client.get('/v1/knowledge/documents').bearerToken(intruder.token)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 0)
    const filtered = await client
      .get('/v1/knowledge/documents')
      .qs({ bucket_id: bucketId })
      .bearerToken(intruder.token)
    assert.lengthOf(filtered.body().data, 0)

    // The owner's bucket is not the intruder's to fill.
    const text = await client
      .post('/v1/knowledge/documents')
      .bearerToken(intruder.token)
      .json({ bucket_id: bucketId, text: 'planted' })
    text.assertStatus(422)
    assert.equal(text.body().errors[0].field, 'bucket_id')
    const upload = await uploadFile(client, intruder, bucketId, 'planted.md', 'planted')
    upload.assertStatus(422)
    assert.equal(upload.body().errors[0].field, 'bucket_id')
    const other = await client
      .get(`/v1/knowledge/documents/${id}`)
      .header('X-Workspace-Id', owner.personalWorkspaceId)
      .bearerToken(intruder.token)
    other.assertStatus(404)

    // Nothing changed for the owner.
    const after = await settled(client, owner, id)
    assert.equal(after.status, 'ready')
    assert.equal(after.updated_at, document.updated_at)
    assert.deepEqual(await allChunks(client, owner, id), chunks)
    // And the database agrees: RLS alone hides the rows from the intruder's transaction.
    const seen = await withTenant(
      { userId: intruder.id, workspaceId: intruder.personalWorkspaceId, via: 'job' },
      async () =>
        rawQuery(
          tenant().trx,
          `select (select count(*) from knowledge_documents where id = ?::uuid)::int as documents,
                  (select count(*) from knowledge_chunks where document_id = ?::uuid)::int as chunks`,
          [id, id]
        )
    )
    assert.deepEqual(seen.rows[0], { documents: 0, chunks: 0 })
  })

  test('API keys need knowledge:read to read and knowledge:write to change', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kakeys')
    const bucketId = await insertBucket(owner, 'Keys')
    const { document, chunks } = await readyDocument(client, owner, bucketId)
    const reader = await createApiKey(client, owner, owner.personalWorkspaceId, ['knowledge:read'])
    const writer = await createApiKey(client, owner, owner.personalWorkspaceId, ['knowledge:write'])
    const unrelated = await createApiKey(client, owner, owner.personalWorkspaceId, [
      'webhooks:read',
    ])

    for (const path of [
      '/v1/knowledge/documents',
      `/v1/knowledge/documents/${document.id}`,
      `/v1/knowledge/documents/${document.id}/chunks`,
      `/v1/knowledge/documents/${document.id}/original`,
      `/v1/knowledge/chunks/${chunks[0].id}`,
    ]) {
      ;(await client.get(path).bearerToken(reader)).assertStatus(200)
      const refused = await client.get(path).bearerToken(unrelated)
      refused.assertStatus(403)
      assert.match(refused.body().detail, /knowledge:read/)
    }
    const writes = (key: string) => [
      client
        .post('/v1/knowledge/documents')
        .json({ bucket_id: bucketId, text: 'by key' })
        .bearerToken(key),
      uploadFile(client, { token: key } as TestAccount, bucketId, 'key.md', 'by key'),
      client
        .put(`/v1/knowledge/documents/${document.id}/content`)
        .json({ text: 'by key' })
        .bearerToken(key),
      client.post(`/v1/knowledge/documents/${document.id}/reprocess`).bearerToken(key),
      client.delete(`/v1/knowledge/documents/${document.id}`).bearerToken(key),
    ]
    for (const request of writes(reader)) {
      const response = await request
      response.assertStatus(403)
      assert.match(response.body().detail, /knowledge:write/)
    }
    const statuses: number[] = []
    for (const request of writes(writer)) statuses.push((await request).status())
    assert.deepEqual(statuses, [202, 202, 202, 202, 204])
  })

  test('workspace viewers read the knowledge base but cannot change it', async ({
    client,
    assert,
  }) => {
    const {
      owner,
      member: viewer,
      team,
    } = await sharedWorkspace(client, { owner: 'kaview', member: 'kaviewer' }, 'viewer')
    const bucket = await withTenant(
      { userId: owner.id, workspaceId: team.id, via: 'job' },
      async () =>
        rawQuery(
          tenant().trx,
          `insert into knowledge_buckets (workspace_id, created_by, name) values (?, ?, 'Team') returning id`,
          [team.id, owner.id]
        )
    )
    const bucketId = bucket.rows[0].id
    const created = await client
      .post('/v1/knowledge/documents')
      .header('X-Workspace-Id', team.id)
      .bearerToken(owner.token)
      .json({ bucket_id: bucketId, text: 'Team knowledge.' })
    created.assertStatus(202)
    const read = await client
      .get(`/v1/knowledge/documents/${created.body().id}`)
      .header('X-Workspace-Id', team.id)
      .bearerToken(viewer.token)
    read.assertStatus(200)
    const write = await client
      .post('/v1/knowledge/documents')
      .header('X-Workspace-Id', team.id)
      .bearerToken(viewer.token)
      .json({ bucket_id: bucketId, text: 'Viewer text.' })
    write.assertStatus(403)
    await assertMatchesSpec(write)
    assert.match(write.body().detail, /Viewers can read/)
    const upload = await client
      .post('/v1/knowledge/documents/upload')
      .header('X-Workspace-Id', team.id)
      .bearerToken(viewer.token)
      .field('bucket_id', bucketId)
      .file('file', Buffer.from('viewer'), { filename: 'viewer.txt' })
    upload.assertStatus(403)
    for (const request of [
      client.post(`/v1/knowledge/documents/${created.body().id}/reprocess`),
      client.put(`/v1/knowledge/documents/${created.body().id}/content`).json({ text: 'x' }),
      client.delete(`/v1/knowledge/documents/${created.body().id}`),
    ]) {
      ;(await request.header('X-Workspace-Id', team.id).bearerToken(viewer.token)).assertStatus(403)
    }
  })
})
