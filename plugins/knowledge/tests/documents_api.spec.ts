import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { workspaceStorage } from '#sdk'
import knowledgeConfig from '../knowledge_config.js'
import { insertBucket, MISSING_ID } from './helpers.js'
import {
  allChunks,
  createDocument,
  makeDocx,
  makePdf,
  settled,
  uploadFile,
} from './ingestion_support.js'

test.group('Knowledge documents: API', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('lists documents newest first with filters and cursor pages', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kdlist')
    const first = await insertBucket(account, 'First')
    const second = await insertBucket(account, 'Second')
    const ids: string[] = []
    for (const [bucket, title] of [
      [first, 'Alpha plan'],
      [first, 'Beta 50% plan'],
      [second, 'Gamma notes'],
    ]) {
      const response = await createDocument(client, account, {
        bucket_id: bucket,
        title,
        text: `${title} text.`,
      })
      response.assertStatus(202)
      ids.push(response.body().id)
    }
    const broken = await uploadFile(client, account, second, 'broken.pdf', '%PDF-1.4 broken')
    ids.push(broken.body().id)
    for (const id of ids) await settled(client, account, id)

    const page1 = await client
      .get('/v1/knowledge/documents')
      .qs({ limit: 2 })
      .bearerToken(account.token)
    page1.assertStatus(200)
    await assertMatchesSpec(page1)
    assert.deepEqual(
      page1.body().data.map((doc: { id: string }) => doc.id),
      [ids[3], ids[2]]
    )
    assert.notProperty(page1.body().data[0], 'content')
    assert.notProperty(page1.body().data[0], 'upload_path')
    const page2 = await client
      .get('/v1/knowledge/documents')
      .qs({ limit: 2, cursor: page1.body().next_cursor })
      .bearerToken(account.token)
    assert.deepEqual(
      page2.body().data.map((doc: { id: string }) => doc.id),
      [ids[1], ids[0]]
    )
    assert.isNull(page2.body().next_cursor)

    const list = async (qs: Record<string, unknown>) => {
      const response = await client.get('/v1/knowledge/documents').qs(qs).bearerToken(account.token)
      response.assertStatus(200)
      return response.body().data.map((doc: { title: string }) => doc.title)
    }
    assert.sameMembers(await list({ bucket_id: first }), ['Alpha plan', 'Beta 50% plan'])
    assert.sameMembers(await list({ status: 'failed' }), ['broken'])
    assert.sameMembers(await list({ q: 'PLAN' }), ['Alpha plan', 'Beta 50% plan'])
    assert.sameMembers(
      await list({ q: '50%' }),
      ['Beta 50% plan'],
      '% is a character, not a wildcard'
    )
    for (const qs of [
      { status: 'done' },
      { bucket_id: 'nope' },
      { limit: 0 },
      { cursor: 'garbage' },
    ]) {
      const response = await client.get('/v1/knowledge/documents').qs(qs).bearerToken(account.token)
      response.assertStatus(422)
      await assertMatchesSpec(response)
    }
  })

  test('validates creation: text or url, an existing bucket, sizes and file types', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kdvalid')
    const bucketId = await insertBucket(account, 'Checks')
    const invalid = async (body: Record<string, unknown>, field: string) => {
      const response = await createDocument(client, account, body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    await invalid({ bucket_id: bucketId }, 'text')
    await invalid({ bucket_id: bucketId, text: 'a', url: 'http://example.test/' }, 'url')
    await invalid({ bucket_id: bucketId, text: '' }, 'text')
    await invalid({ text: 'x' }, 'bucket_id')
    await invalid({ bucket_id: 'not-a-uuid', text: 'x' }, 'bucket_id')
    await invalid({ bucket_id: bucketId, text: 'x', title: ' ' }, 'title')
    await invalid({ bucket_id: MISSING_ID, text: 'x' }, 'bucket_id')

    // Uploads: no file, wrong extension (415), content that does not match (422), too large (413).
    const noFile = await client
      .post('/v1/knowledge/documents/upload')
      .bearerToken(account.token)
      .field('bucket_id', bucketId)
    noFile.assertStatus(422)
    assert.equal(noFile.body().errors[0].field, 'file')
    const exe = await uploadFile(client, account, bucketId, 'tool.exe', 'MZ binary')
    exe.assertStatus(415)
    await assertMatchesSpec(exe)
    assert.match(exe.body().detail, /not a supported document/)
    const mismatches: Array<[string, Buffer | string, RegExp]> = [
      ['report.pdf', 'just text', /declared as \.pdf but its content is plain text/],
      ['notes.txt', await makePdf([['hello']]), /declared as \.txt but its content is a PDF/],
      ['letter.docx', 'plain words', /not a DOCX document/],
      ['page.html', await makeDocx([{ text: 'hi' }]), /ZIP archive/],
      ['data.md', Buffer.from([0xff, 0xfe, 0x00, 0x41]), /not UTF-8 text/],
      ['empty.txt', '', /empty/],
    ]
    for (const [name, bytes, message] of mismatches) {
      const response = await uploadFile(client, account, bucketId, name, bytes)
      assert.equal(response.status(), 422, name)
      assert.equal(response.body().errors[0].field, 'file')
      assert.match(response.body().errors[0].message, message, name)
    }
    const saved = knowledgeConfig.maxFileBytes
    knowledgeConfig.maxFileBytes = 1000
    try {
      const big = await uploadFile(client, account, bucketId, 'big.txt', 'x'.repeat(1001))
      big.assertStatus(413)
      await assertMatchesSpec(big)
      assert.equal(big.body().type, '/problems/payload-too-large')
      const fits = await uploadFile(client, account, bucketId, 'fits.txt', 'x'.repeat(1000))
      fits.assertStatus(202)
    } finally {
      knowledgeConfig.maxFileBytes = saved
    }
    const documents = await client
      .get('/v1/knowledge/documents')
      .qs({ bucket_id: bucketId })
      .bearerToken(account.token)
    assert.lengthOf(documents.body().data, 1, 'refused uploads left nothing behind')
  })

  test('reads a document with its progress, content on request, and its chunks', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kdread')
    const bucketId = await insertBucket(account, 'Reads')
    const created = await createDocument(client, account, {
      bucket_id: bucketId,
      text: '# Title\n\nFirst part.\n\n## Next\n\nSecond part.',
    })
    const document = await settled(client, account, created.body().id)
    const show = await client
      .get(`/v1/knowledge/documents/${document.id}`)
      .bearerToken(account.token)
    show.assertStatus(200)
    await assertMatchesSpec(show)
    assert.notProperty(show.body(), 'content')
    const withContent = await client
      .get(`/v1/knowledge/documents/${document.id}`)
      .qs({ include_content: 'true' })
      .bearerToken(account.token)
    assert.equal(withContent.body().content, '# Title\n\nFirst part.\n\n## Next\n\nSecond part.')

    const chunks = await client
      .get(`/v1/knowledge/documents/${document.id}/chunks`)
      .qs({ limit: 1 })
      .bearerToken(account.token)
    chunks.assertStatus(200)
    await assertMatchesSpec(chunks)
    assert.lengthOf(chunks.body().data, 1)
    assert.notProperty(chunks.body().data[0], 'embedding')
    assert.isTrue(chunks.body().data[0].has_embedding)
    const rest = await client
      .get(`/v1/knowledge/documents/${document.id}/chunks`)
      .qs({ limit: 1, cursor: chunks.body().next_cursor })
      .bearerToken(account.token)
    assert.equal(rest.body().data[0].chunk_index, 1)
    assert.isNull(rest.body().next_cursor)

    const chunk = await client
      .get(`/v1/knowledge/chunks/${rest.body().data[0].id}`)
      .bearerToken(account.token)
    chunk.assertStatus(200)
    await assertMatchesSpec(chunk)
    assert.deepEqual(chunk.body().metadata, { headings: ['Title', 'Next'], start: 22, end: 43 })
    const vector = await client
      .get(`/v1/knowledge/chunks/${rest.body().data[0].id}`)
      .qs({ include_embedding: true })
      .bearerToken(account.token)
    await assertMatchesSpec(vector)
    assert.lengthOf(vector.body().embedding, 1536)

    for (const path of [
      '/v1/knowledge/documents/not-a-uuid',
      `/v1/knowledge/documents/${MISSING_ID}`,
      `/v1/knowledge/documents/${MISSING_ID}/chunks`,
      `/v1/knowledge/chunks/${MISSING_ID}`,
      '/v1/knowledge/chunks/42',
    ]) {
      const response = await client.get(path).bearerToken(account.token)
      response.assertStatus(404)
      await assertMatchesSpec(response)
    }
  })

  test('downloads the original bytes; text documents have none', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kddown')
    const bucketId = await insertBucket(account, 'Downloads')
    const pdf = await makePdf([['Downloadable manual.']])
    const upload = await uploadFile(client, account, bucketId, 'Manuel d’été.pdf', pdf)
    upload.assertStatus(202)
    const response = await client
      .get(`/v1/knowledge/documents/${upload.body().id}/original`)
      .bearerToken(account.token)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    assert.equal(
      response.header('content-disposition'),
      `attachment; filename="Manuel d__t_.pdf"; filename*=UTF-8''${encodeURIComponent('Manuel d’été.pdf')}`
    )
    const bytes = await fetch(
      `http://${process.env.HOST}:${process.env.PORT}/v1/knowledge/documents/${upload.body().id}/original`,
      { headers: { authorization: `Bearer ${account.token}` } }
    ).then((res) => res.arrayBuffer())
    assert.isTrue(Buffer.from(bytes).equals(pdf), 'the exact original bytes')

    const text = await createDocument(client, account, {
      bucket_id: bucketId,
      text: 'No file here.',
    })
    const none = await client
      .get(`/v1/knowledge/documents/${text.body().id}/original`)
      .bearerToken(account.token)
    none.assertStatus(404)
    await assertMatchesSpec(none)
  })

  test('delete removes the document, its chunks and its stored originals', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kddel')
    const bucketId = await insertBucket(account, 'Deletes')
    const upload = await uploadFile(client, account, bucketId, 'gone.md', '# Gone\n\nSoon deleted.')
    const document = await settled(client, account, upload.body().id)
    const chunks = await allChunks(client, account, document.id)
    assert.lengthOf(chunks, 1)
    const storage = workspaceStorage(account.personalWorkspaceId)
    const folder = `knowledge/documents/${document.id}`
    assert.lengthOf(await storage.list(folder), 1)

    const deleted = await client
      .delete(`/v1/knowledge/documents/${document.id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    await assertMatchesSpec(deleted)
    for (const path of [
      `/v1/knowledge/documents/${document.id}`,
      `/v1/knowledge/documents/${document.id}/chunks`,
      `/v1/knowledge/documents/${document.id}/original`,
      `/v1/knowledge/chunks/${chunks[0].id}`,
    ]) {
      ;(await client.get(path).bearerToken(account.token)).assertStatus(404)
    }
    assert.lengthOf(await storage.list(folder), 0, 'the stored original is gone')
    ;(
      await client.delete(`/v1/knowledge/documents/${document.id}`).bearerToken(account.token)
    ).assertStatus(404)
  })
})
