import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { serviceRows } from '#tests/helpers/service_rows'
import { insertBucket } from './helpers.js'
import {
  allChunks,
  createDocument,
  makeDocx,
  makeImageOnlyPdf,
  makePdf,
  settled,
  uploadFile,
} from './ingestion_support.js'

test.group('Knowledge ingestion: file formats', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('a markdown upload is chunked by headings, embedded, summarised and ready', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kmd')
    const bucketId = await insertBucket(account, 'Handbook')
    const markdown = [
      '# Onboarding handbook',
      'Welcome to the team. This handbook explains how we work.',
      '## Expenses',
      'Submit receipts within thirty days through the finance portal.',
      '### Travel',
      'Book trains for trips under four hours; flights need approval from your manager.',
      '## Security',
      'Lock your laptop whenever you leave your desk and use the password manager.',
    ].join('\n\n')
    const response = await uploadFile(client, account, bucketId, 'handbook.md', markdown)
    response.assertStatus(202)
    await assertMatchesSpec(response)
    const created = response.body()
    assert.equal(created.status, 'processing')
    assert.equal(created.source_type, 'upload')
    assert.equal(created.file_type, 'md')
    assert.equal(created.title, 'handbook')
    assert.equal(created.created_by, account.id)
    assert.isTrue(created.has_original)

    const document = await settled(client, account, created.id)
    assert.equal(document.status, 'ready', document.processing_error)
    assert.equal(document.processing_stage, 'done')
    assert.deepEqual(document.progress, {
      stage: 'done',
      chunk_count: 4,
      embedded_chunk_count: 4,
      percent: 100,
    })
    assert.isString(document.summary)
    assert.isAbove(document.summary.length, 10)
    assert.isNotNull(document.processed_at)

    const chunks = await allChunks(client, account, created.id, true)
    assert.deepEqual(
      chunks.map((chunk) => chunk.metadata.headings),
      [
        ['Onboarding handbook'],
        ['Onboarding handbook', 'Expenses'],
        ['Onboarding handbook', 'Expenses', 'Travel'],
        ['Onboarding handbook', 'Security'],
      ]
    )
    const full = await client
      .get(`/v1/knowledge/documents/${created.id}`)
      .qs({ include_content: true })
      .bearerToken(account.token)
    await assertMatchesSpec(full)
    const content = full.body().content as string
    for (const [index, chunk] of chunks.entries()) {
      assert.equal(chunk.chunk_index, index)
      assert.equal(content.slice(chunk.metadata.start, chunk.metadata.end), chunk.content)
      assert.isTrue(chunk.has_embedding)
      assert.lengthOf(chunk.embedding, 1536)
      assert.equal(chunk.embedding_model, 'local:local-hash-1536')
      assert.isAbove(chunk.token_count, 0)
    }
    assert.include(chunks[2].content, 'flights need approval')

    // The summary came through the gateway and the ready event went to the outbox.
    const usage = await serviceRows(
      `select purpose, operation from ai_usage_events where workspace_id = ? order by created_at`,
      [account.personalWorkspaceId]
    )
    assert.deepInclude(usage, { purpose: 'knowledge.summary', operation: 'text' })
    assert.deepInclude(usage, { purpose: 'knowledge.ingest', operation: 'embed' })
    const events = await serviceRows(
      `select event_type, payload as data from webhook_events where workspace_id = ? order by created_at`,
      [account.personalWorkspaceId]
    )
    const ready = events.find((event) => event.event_type === 'knowledge_document.ready')
    assert.exists(ready)
    assert.equal(ready.data.id, created.id)
    assert.equal(ready.data.chunk_count, 4)
  })

  test('an HTML upload becomes markdown without scripts, styles or navigation', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'khtml')
    const bucketId = await insertBucket(account, 'Web')
    const html = `<!doctype html><html><head><title>Pricing</title><style>.x{color:red}</style>
      <script>window.secretTracker = "SCRIPT-MUST-NOT-APPEAR"</script></head>
      <body><nav><a href="/">NAV-MUST-NOT-APPEAR</a></nav>
      <h1>Pricing plans</h1><p>The <strong>team plan</strong> costs 12 euros per seat.</p>
      <h2>Enterprise</h2><p>Enterprise customers get single sign-on and an uptime guarantee.</p>
      <script>console.log("SCRIPT-MUST-NOT-APPEAR")</script>
      <footer>FOOTER-MUST-NOT-APPEAR</footer></body></html>`
    const response = await uploadFile(
      client,
      account,
      bucketId,
      'pricing.html',
      html,
      'Pricing page'
    )
    response.assertStatus(202)
    const document = await settled(client, account, response.body().id)
    assert.equal(document.status, 'ready', document.processing_error)
    assert.equal(document.title, 'Pricing page')
    const full = await client
      .get(`/v1/knowledge/documents/${document.id}`)
      .qs({ include_content: true })
      .bearerToken(account.token)
    const content = full.body().content as string
    assert.include(content, '# Pricing plans')
    assert.include(content, '**team plan**')
    assert.include(content, '## Enterprise')
    for (const hidden of [
      'SCRIPT-MUST-NOT-APPEAR',
      'NAV-MUST-NOT-APPEAR',
      'FOOTER-MUST-NOT-APPEAR',
      'color:red',
    ]) {
      assert.notInclude(content, hidden)
    }
    const chunks = await allChunks(client, account, document.id)
    assert.deepEqual(
      chunks.map((chunk) => chunk.metadata.headings),
      [['Pricing plans'], ['Pricing plans', 'Enterprise']]
    )
  })

  test('a PDF is extracted page by page and chunks know their page', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kpdf')
    const bucketId = await insertBucket(account, 'Reports')
    const pdf = await makePdf([
      ['Quarterly report.', 'Revenue grew by eleven percent in the northern region.'],
      ['Outlook.', 'The board expects the new warehouse to open in March.'],
    ])
    const response = await uploadFile(client, account, bucketId, 'report.pdf', pdf)
    response.assertStatus(202)
    const document = await settled(client, account, response.body().id)
    assert.equal(document.status, 'ready', document.processing_error)
    assert.equal(document.file_type, 'pdf')
    assert.equal(document.mime_type, 'application/pdf')
    assert.equal(document.metadata.pages, 2)
    const chunks = await allChunks(client, account, document.id)
    const text = chunks.map((chunk) => chunk.content).join('\n')
    assert.include(text, 'Revenue grew by eleven percent')
    assert.include(text, 'new warehouse to open in March')
    assert.equal(chunks[0].metadata.page, 1)
    const second = chunks.find((chunk) => chunk.content.includes('Outlook'))
    assert.exists(second)
  })

  test('a long PDF page split across chunks records the page each chunk starts on', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kpdfpages')
    const bucketId = await insertBucket(account, 'Manuals')
    const lines = (page: number) =>
      Array.from(
        { length: 40 },
        (_, line) => `Page ${page} line ${line}: the pump must be inspected before every shift.`
      )
    const pdf = await makePdf([lines(1), lines(2), lines(3)])
    const response = await uploadFile(client, account, bucketId, 'manual.pdf', pdf)
    const document = await settled(client, account, response.body().id)
    assert.equal(document.status, 'ready', document.processing_error)
    const chunks = await allChunks(client, account, document.id)
    assert.isAbove(chunks.length, 3)
    for (const chunk of chunks) {
      const firstPage = /Page (\d) line/.exec(chunk.content)![1]
      assert.equal(chunk.metadata.page, Number(firstPage), chunk.content.slice(0, 40))
    }
    assert.sameMembers([...new Set(chunks.map((chunk) => chunk.metadata.page))], [1, 2, 3])
  })

  test('a DOCX goes through HTML to markdown with its headings', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kdocx')
    const bucketId = await insertBucket(account, 'Policies')
    const docx = await makeDocx([
      { heading: 'Remote work policy' },
      { text: 'Employees may work remotely up to three days per week.' },
      { heading: 'Equipment', level: 2 },
      { text: 'The company provides a laptop and a second screen.' },
    ])
    const response = await uploadFile(client, account, bucketId, 'policy.docx', docx)
    response.assertStatus(202)
    const document = await settled(client, account, response.body().id)
    assert.equal(document.status, 'ready', document.processing_error)
    assert.equal(document.file_type, 'docx')
    const chunks = await allChunks(client, account, document.id)
    assert.deepEqual(
      chunks.map((chunk) => chunk.metadata.headings),
      [['Remote work policy'], ['Remote work policy', 'Equipment']]
    )
    assert.include(chunks[1].content, 'laptop and a second screen')
  })

  test('plain text (upload and raw JSON text) is ingested', async ({ client, assert }) => {
    const account = await registerAccount(client, 'ktxt')
    const bucketId = await insertBucket(account, 'Notes')
    const upload = await uploadFile(
      client,
      account,
      bucketId,
      'notes.txt',
      '\uFEFFMeeting notes\r\n\r\nThe supplier will deliver the oak panels on Tuesday.\r\n'
    )
    upload.assertStatus(202)
    const raw = await createDocument(client, account, {
      bucket_id: bucketId,
      text: '# Recipe\n\nKnead the dough for ten minutes, then let it rest overnight.',
    })
    raw.assertStatus(202)
    await assertMatchesSpec(raw)
    assert.equal(raw.body().source_type, 'text')
    assert.equal(raw.body().title, 'Recipe')
    assert.isFalse(raw.body().has_original)

    const fromFile = await settled(client, account, upload.body().id)
    assert.equal(fromFile.status, 'ready', fromFile.processing_error)
    const [fileChunk] = await allChunks(client, account, fromFile.id)
    assert.equal(
      fileChunk.content,
      'Meeting notes\n\nThe supplier will deliver the oak panels on Tuesday.'
    )

    const fromText = await settled(client, account, raw.body().id)
    assert.equal(fromText.status, 'ready', fromText.processing_error)
    const [textChunk] = await allChunks(client, account, fromText.id)
    assert.deepEqual(textChunk.metadata.headings, ['Recipe'])
    assert.equal(fromText.progress.percent, 100)
  })

  test('corrupt and text-less files fail with a readable error and emit the failed event', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kbad')
    const bucketId = await insertBucket(account, 'Broken')
    const cases: Array<[string, Buffer, RegExp]> = [
      ['corrupt.pdf', Buffer.from('%PDF-1.7\nthis is not really a pdf at all'), /not a valid PDF/],
      ['scan.pdf', await makeImageOnlyPdf(), /The PDF has no text layer/],
      [
        'fake.docx',
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]),
        /not a valid DOCX document/,
      ],
      ['blank.md', Buffer.from('\n\n   \n'), /contains no text/],
    ]
    const documentIds: string[] = []
    for (const [name, bytes, error] of cases) {
      const response = await uploadFile(client, account, bucketId, name, bytes)
      response.assertStatus(202)
      documentIds.push(response.body().id)
      const document = await settled(client, account, response.body().id)
      assert.equal(document.status, 'failed', name)
      assert.equal(document.processing_stage, 'failed')
      assert.match(document.processing_error, error)
      assert.isNull(document.progress.percent)
      assert.equal(document.chunk_count, 0)
      const chunks = await allChunks(client, account, document.id)
      assert.lengthOf(chunks, 0, 'nothing half-written')
    }
    const failed = await serviceRows(
      `select payload as data from webhook_events where workspace_id = ? and event_type = 'knowledge_document.failed'`,
      [account.personalWorkspaceId]
    )
    assert.lengthOf(failed, cases.length)
    assert.match(failed[0].data.error, /PDF|DOCX|text/)
    // Permanent errors are not retried: one attempt each, no job of these documents left behind.
    const jobs = await db.rawQuery(
      `select count(*)::int as n from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'knowledge/process_document'
          and j.payload->>'document_id' = any(?::text[])`,
      [documentIds]
    )
    assert.equal(jobs.rows[0].n, 0)
  })
})
