import { test } from '@japa/runner'
import type { ServerResponse } from 'node:http'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { FakeHttpServer } from '#tests/helpers/fake_http_server'
import { withSettings } from '#tests/helpers/webhooks'
import knowledgeConfig from '../knowledge_config.js'
import { urlFetchSettings } from '../services/url_fetcher.js'
import { insertBucket } from './helpers.js'
import { allChunks, createDocument, makePdf, settled } from './ingestion_support.js'

const PAGE = `<html><head><title>Release notes</title><script>alert("SCRIPT-MUST-NOT-APPEAR")</script></head>
<body><h1>Version 2.4</h1><p>The export now includes archived campaigns.</p></body></html>`

let pdfBytes: Buffer
let flakyCalls = 0

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { 'content-type': type })
  res.end(body)
}

/** The fake web server URL imports read from. */
const server = new FakeHttpServer(async (request, res): Promise<void> => {
  switch (request.path) {
    case '/notes.html':
      return send(res, 200, 'text/html; charset=utf-8', PAGE)
    case '/files/manual.pdf':
      res.writeHead(200, {
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="manual-v3.pdf"',
      })
      res.end(pdfBytes)
      return
    case '/moved':
      res.writeHead(302, { location: '/notes.html' })
      res.end()
      return
    case '/loop':
      res.writeHead(301, { location: '/loop' })
      res.end()
      return
    case '/to-other-loopback':
      res.writeHead(302, { location: `http://127.0.0.2:${new URL(server.origin).port}/notes.html` })
      res.end()
      return
    case '/logo.png':
      return send(res, 200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    case '/fake.pdf':
      return send(res, 200, 'application/pdf', '<html>not a pdf</html>')
    case '/big-declared.txt':
      return send(res, 200, 'text/plain', 'a '.repeat(40_000))
    case '/big-streamed.txt':
      // No Content-Length: the limit must hold while streaming.
      res.writeHead(200, { 'content-type': 'text/plain' })
      for (let index = 0; index < 40; index++) res.write('word '.repeat(500))
      res.end()
      return
    case '/missing':
      return send(res, 404, 'text/plain', 'no')
    case '/flaky.md':
      flakyCalls++
      if (flakyCalls === 1) return send(res, 503, 'text/plain', 'busy')
      return send(res, 200, 'text/markdown', '# Flaky\n\nIt works on the second try.')
    case '/slow':
      // Never answers: the import must give up.
      return new Promise<void>(() => {})
    default:
      return send(res, 404, 'text/plain', 'unknown')
  }
})

test.group('Knowledge ingestion: URL import', (group) => {
  group.setup(async () => {
    pdfBytes = await makePdf([
      ['Pump manual.', 'Check the pressure gauge before starting the pump.'],
    ])
    await server.start()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await server.close()
    }
  })

  test('imports an HTML page and a PDF in the job; the original is kept for download', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kurl')
    const bucketId = await insertBucket(account, 'Web')
    const before = server.requests.length
    const page = await createDocument(client, account, {
      bucket_id: bucketId,
      url: `${server.origin}/notes.html`,
    })
    page.assertStatus(202)
    assert.equal(page.body().source_type, 'url')
    assert.equal(page.body().title, `${server.origin}/notes.html`)
    const html = await settled(client, account, page.body().id)
    assert.equal(html.status, 'ready', html.processing_error)
    assert.equal(html.file_type, 'html')
    assert.equal(html.file_name, 'notes.html')
    assert.equal(html.title, 'Release notes', 'named after the page title')
    assert.isTrue(html.has_original)
    const [chunk] = await allChunks(client, account, html.id)
    assert.equal(chunk.content, '# Version 2.4\n\nThe export now includes archived campaigns.')
    assert.deepEqual(chunk.metadata.headings, ['Version 2.4'])
    const downloaded = await client
      .get(`/v1/knowledge/documents/${html.id}/original`)
      .bearerToken(account.token)
    downloaded.assertStatus(200)
    assert.equal(downloaded.text(), PAGE)
    assert.match(String(downloaded.header('content-type')), /^text\/html/)
    const fetched = server.requests.slice(before)
    assert.lengthOf(fetched, 1)
    assert.match(String(fetched[0].headers['user-agent']), /ActionInsightPilot-Knowledge/)

    const pdf = await createDocument(client, account, {
      bucket_id: bucketId,
      title: 'Pump manual',
      url: `${server.origin}/files/manual.pdf`,
    })
    const manual = await settled(client, account, pdf.body().id)
    assert.equal(manual.status, 'ready', manual.processing_error)
    assert.equal(manual.file_type, 'pdf')
    assert.equal(manual.file_name, 'manual-v3.pdf')
    assert.equal(manual.title, 'Pump manual', 'a given title stays')
    const chunks = await allChunks(client, account, manual.id)
    assert.include(chunks[0].content, 'Check the pressure gauge')
    assert.equal(chunks[0].metadata.page, 1)
  })

  test('follows a few redirects, re-checking each target', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kurlredir')
    const bucketId = await insertBucket(account, 'Web')
    const moved = await createDocument(client, account, {
      bucket_id: bucketId,
      url: `${server.origin}/moved`,
    })
    const document = await settled(client, account, moved.body().id)
    assert.equal(document.status, 'ready', document.processing_error)

    const loop = await createDocument(client, account, {
      bucket_id: bucketId,
      url: `${server.origin}/loop`,
    })
    const looped = await settled(client, account, loop.body().id)
    assert.equal(looped.status, 'failed')
    assert.match(looped.processing_error, /redirects more than 5 times/)

    // Only 127.0.0.1 may be reached: a redirect to another loopback address is refused.
    await withSettings({ allowedPrivateTargets: ['127.0.0.1/32'] }, async () => {
      const other = await createDocument(client, account, {
        bucket_id: bucketId,
        url: `${server.origin}/to-other-loopback`,
      })
      const refused = await settled(client, account, other.body().id)
      assert.equal(refused.status, 'failed')
      assert.match(
        refused.processing_error,
        /127\.0\.0\.2, a private, loopback or link-local address/
      )
    })
  })

  test('refuses private targets unless the platform allows them (SSRF guard)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kurlssrf')
    const bucketId = await insertBucket(account, 'Web')
    const before = server.requests.length
    await withSettings({ allowedPrivateTargets: [] }, async () => {
      for (const url of [
        `${server.origin}/notes.html`,
        `http://localhost:${new URL(server.origin).port}/notes.html`,
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]:9/',
      ]) {
        const response = await createDocument(client, account, { bucket_id: bucketId, url })
        response.assertStatus(202)
        const document = await settled(client, account, response.body().id)
        assert.equal(document.status, 'failed', url)
        assert.match(document.processing_error, /private, loopback or link-local address/, url)
        assert.isFalse(document.has_original)
      }
    })
    assert.equal(server.requests.length, before, 'the fake server was never reached')
  })

  test('refuses wrong types, oversize downloads, errors and timeouts with readable reasons', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kurlbad')
    const bucketId = await insertBucket(account, 'Web')
    const savedLimit = knowledgeConfig.maxFileBytes
    const savedTimeout = urlFetchSettings.timeoutMs
    knowledgeConfig.maxFileBytes = 50_000
    urlFetchSettings.timeoutMs = 500
    try {
      const cases: Array<[string, RegExp]> = [
        ['/logo.png', /serves image\/png, which cannot be imported/],
        ['/fake.pdf', /declared as \.pdf but its content is plain text/],
        ['/big-declared.txt', /larger than the limit of 50000 bytes/],
        ['/big-streamed.txt', /larger than the limit of 50000 bytes/],
        ['/missing', /answered HTTP 404/],
        ['/slow', /timed out after 500 ms/],
      ]
      for (const [path, error] of cases) {
        const response = await createDocument(client, account, {
          bucket_id: bucketId,
          url: `${server.origin}${path}`,
        })
        const document = await settled(client, account, response.body().id)
        assert.equal(document.status, 'failed', path)
        assert.match(document.processing_error, error, path)
        assert.equal(document.chunk_count, 0)
      }
    } finally {
      knowledgeConfig.maxFileBytes = savedLimit
      urlFetchSettings.timeoutMs = savedTimeout
    }
  })

  test('a failed import succeeds when re-processed (the URL is downloaded again)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kurlretry')
    const bucketId = await insertBucket(account, 'Web')
    const response = await createDocument(client, account, {
      bucket_id: bucketId,
      url: `${server.origin}/flaky.md`,
    })
    const failed = await settled(client, account, response.body().id)
    assert.equal(failed.status, 'failed')
    assert.match(failed.processing_error, /HTTP 503/)
    const again = await client
      .post(`/v1/knowledge/documents/${failed.id}/reprocess`)
      .bearerToken(account.token)
    again.assertStatus(202)
    const ready = await settled(client, account, failed.id)
    assert.equal(ready.status, 'ready', ready.processing_error)
    assert.isNull(ready.processing_error)
    assert.equal(ready.file_type, 'md')
    assert.equal(ready.chunk_count, 1)
  })

  test('the URL is checked when the document is created', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kurlcheck')
    const bucketId = await insertBucket(account, 'Web')
    for (const url of [
      'ftp://example.test/file.txt',
      'not a url',
      'http://user:secret@example.test/',
    ]) {
      const response = await createDocument(client, account, { bucket_id: bucketId, url })
      assert.equal(response.status(), 422, url)
      assert.equal(response.body().errors[0].field, 'url', url)
    }
  })
})
