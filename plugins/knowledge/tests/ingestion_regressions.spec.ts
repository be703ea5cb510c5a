import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { FakeHttpServer } from '#tests/helpers/fake_http_server'
import { withSettings } from '#tests/helpers/webhooks'
import { waitFor } from '#tests/helpers/wait_for'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { workspaceStorage } from '#sdk'
import { insertBucket } from './helpers.js'
import { createDocument, settled, uploadFile } from './ingestion_support.js'

/*
| Regressions found by fuzzing the document routes: malformed multipart
| uploads, client file names with paths, stored originals left behind by
| deletions that race with processing, and disguised private URL targets.
*/

let releaseGate: () => void = () => {}
let gate = new Promise<void>((resolve) => (releaseGate = resolve))

/** A web server whose `/gated.md` answers only once the test releases it. */
const server = new FakeHttpServer(async (request, res): Promise<void> => {
  if (request.path === '/gated.md') await gate
  if (request.path === '/to-metadata') {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' })
    res.end()
    return
  }
  res.writeHead(200, { 'content-type': 'text/markdown' })
  res.end('# Gated\n\nThe download finished after the document was deleted.')
})

/** Whether a job of this document is still queued or running. */
async function jobPending(documentId: string) {
  const result = await db.rawQuery(
    "select count(*)::int as n from graphile_worker._private_jobs where payload->>'document_id' = ?",
    [documentId]
  )
  return result.rows[0].n > 0
}

function folderOf(documentId: string) {
  return `knowledge/documents/${documentId}`
}

test.group('Knowledge ingestion: regressions', (group) => {
  group.setup(async () => {
    await server.start()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      releaseGate()
      await stopWorker()
      await server.close()
    }
  })

  test('an upload with two files, or a file under another field, is a 422 that writes nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kregtwo')
    const bucketId = await insertBucket(account, 'Uploads')
    const two = await client
      .post('/v1/knowledge/documents/upload')
      .bearerToken(account.token)
      .field('bucket_id', bucketId)
      .file('file', Buffer.from('first file'), { filename: 'one.txt' })
      .file('file', Buffer.from('second file'), { filename: 'two.txt' })
    two.assertStatus(422)
    assert.equal(two.body().errors[0].field, 'file')
    assert.equal(two.body().errors[0].rule, 'single_file')

    const stray = await client
      .post('/v1/knowledge/documents/upload')
      .bearerToken(account.token)
      .field('bucket_id', bucketId)
      .file('file', Buffer.from('the document'), { filename: 'one.txt' })
      .file('attachment', Buffer.from('something else'), { filename: 'two.txt' })
    stray.assertStatus(422)
    assert.equal(stray.body().errors[0].field, 'attachment')

    const list = await client.get('/v1/knowledge/documents').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
    const storage = workspaceStorage(account.personalWorkspaceId)
    assert.lengthOf(await storage.list('knowledge/documents'), 0)
  })

  test('a client file name keeps only its base name (no path in downloads), extension kept when long', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kregname')
    const bucketId = await insertBucket(account, 'Uploads')
    const pathy = await uploadFile(
      client,
      account,
      bucketId,
      '../../etc/passwd.txt',
      'root is not here'
    )
    pathy.assertStatus(202)
    assert.equal(pathy.body().file_name, 'passwd.txt')
    assert.equal(pathy.body().title, 'passwd')
    const windows = await uploadFile(client, account, bucketId, 'C:\\Users\\ada\\notes.md', '# N')
    windows.assertStatus(202)
    assert.equal(windows.body().file_name, 'notes.md')
    const long = await uploadFile(client, account, bucketId, `${'x'.repeat(400)}.md`, '# Long')
    long.assertStatus(202)
    assert.lengthOf(long.body().file_name, 255)
    assert.isTrue(long.body().file_name.endsWith('.md'))

    await settled(client, account, pathy.body().id)
    const original = await client
      .get(`/v1/knowledge/documents/${pathy.body().id}/original`)
      .bearerToken(account.token)
    original.assertStatus(200)
    assert.equal(
      original.header('content-disposition'),
      `attachment; filename="passwd.txt"; filename*=UTF-8''passwd.txt`
    )
  })

  test('deleting a bucket removes every stored original, superseded ones included', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kregbucket')
    const bucketId = await insertBucket(account, 'Replaced')
    const storage = workspaceStorage(account.personalWorkspaceId)
    const first = await uploadFile(client, account, bucketId, 'v1.md', '# V1\n\nFirst version.')
    first.assertStatus(202)
    const id = first.body().id
    await settled(client, account, id)
    // Hold the worker off this document: its replacement is stored, but no job
    // has removed the superseded original yet when the bucket goes.
    await db.rawQuery(
      "update graphile_worker._private_jobs set run_at = now() + interval '1 hour' where payload->>'document_id' = ?",
      [id]
    )
    const replaced = await client
      .put(`/v1/knowledge/documents/${id}/content`)
      .bearerToken(account.token)
      .file('file', Buffer.from('# V2\n\nSecond version.'), { filename: 'v2.md' })
    replaced.assertStatus(202)
    await db.rawQuery(
      "update graphile_worker._private_jobs set run_at = now() + interval '1 hour' where payload->>'document_id' = ?",
      [id]
    )
    assert.lengthOf(await storage.list(folderOf(id)), 2, 'old and new originals are stored')

    const deleted = await client
      .delete(`/v1/knowledge/buckets/${bucketId}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    await assertMatchesSpec(deleted)
    assert.deepEqual(await storage.list(folderOf(id)), [])
  })

  test('a URL import whose document is deleted during the download leaves no stored file', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kregurl')
    const bucketId = await insertBucket(account, 'Web')
    const storage = workspaceStorage(account.personalWorkspaceId)
    gate = new Promise<void>((resolve) => (releaseGate = resolve))
    const created = await createDocument(client, account, {
      bucket_id: bucketId,
      url: `${server.origin}/gated.md`,
    })
    created.assertStatus(202)
    const id = created.body().id
    await waitFor(async () => server.requests.some((request) => request.path === '/gated.md'))

    const deleted = await client.delete(`/v1/knowledge/documents/${id}`).bearerToken(account.token)
    deleted.assertStatus(204)
    releaseGate()
    await waitFor(async () => !(await jobPending(id)), 30_000)
    assert.deepEqual(await storage.list(folderOf(id)), [])
    ;(await client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token)).assertStatus(
      404
    )
  })

  test('disguised private targets are refused: numeric, mapped and unspecified addresses, redirects to metadata', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kregssrf')
    const bucketId = await insertBucket(account, 'Web')
    const port = new URL(server.origin).port
    const before = server.requests.length
    await withSettings({ allowedPrivateTargets: [] }, async () => {
      for (const url of [
        `http://2130706433:${port}/notes.md`,
        `http://0x7f.0.0.1:${port}/notes.md`,
        `http://127.1:${port}/notes.md`,
        `http://[::ffff:127.0.0.1]:${port}/notes.md`,
        `http://0.0.0.0:${port}/notes.md`,
        `http://[::]:${port}/notes.md`,
        'http://10.0.0.1/notes.md',
        'http://192.168.1.1/notes.md',
        'http://[fd00::1]/notes.md',
        `http://[::127.0.0.1]:${port}/notes.md`,
      ]) {
        const response = await createDocument(client, account, { bucket_id: bucketId, url })
        // Forms the URL validator already refuses never reach the job.
        if (response.status() === 422) {
          assert.equal(response.body().errors[0].field, 'url', url)
          continue
        }
        assert.equal(response.status(), 202, url)
        const document = await settled(client, account, response.body().id)
        assert.equal(document.status, 'failed', url)
        assert.match(document.processing_error, /private, loopback or link-local address/, url)
      }
    })
    assert.equal(server.requests.length, before, 'the fake server was never reached')

    // Allowed to reach the fake, but not where it redirects.
    await withSettings({ allowedPrivateTargets: ['127.0.0.1'] }, async () => {
      const response = await createDocument(client, account, {
        bucket_id: bucketId,
        url: `${server.origin}/to-metadata`,
      })
      const document = await settled(client, account, response.body().id)
      assert.equal(document.status, 'failed')
      assert.match(document.processing_error, /169\.254\.169\.254/)
    })
  })
})
