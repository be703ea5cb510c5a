import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { insertBucket } from './helpers.js'
import { makeDocx, makePdf, settled, uploadFile } from './ingestion_support.js'
import { makeDocxBomb, makePdfBomb } from './bomb_fixtures.js'

/*
| Issue 20, findings 2 and 3: a ~180 KB DOCX whose document.xml inflates to
| 50 MB killed the embedded server (heap exhaustion), and a PDF page whose
| Flate content stream inflates to 50 MB froze every request for a minute.
| Both must now fail their document with a readable error while the API
| keeps answering, and honest files must still be processed afterwards.
*/

/** Latencies (ms) and failures of a client calling a cheap authenticated route until stopped. */
function startProbe(client: ApiClient, account: TestAccount) {
  const latencies: number[] = []
  const failures: string[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      try {
        const response = await client.get('/v1/knowledge/buckets').bearerToken(account.token)
        if (response.status() !== 200) failures.push(`status ${response.status()}`)
      } catch (error) {
        failures.push((error as Error).message)
      }
      latencies.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      const sorted = [...latencies].sort((a, b) => a - b)
      const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0
      return { count: sorted.length, p99, max: sorted.at(-1) ?? 0, failures }
    },
  }
}

test.group('Knowledge ingestion: decompression bombs', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('a DOCX bomb and PDF bombs fail their documents while the API keeps answering', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kbomb')
    const bucketId = await insertBucket(account, 'Bombs')
    const docxBomb = await makeDocxBomb()
    const pdfBomb = await makePdfBomb()
    const pathsBomb = await makePdfBomb({ operators: 'paths' })

    const probe = startProbe(client, account)
    const docxUpload = await uploadFile(client, account, bucketId, 'report.docx', docxBomb)
    docxUpload.assertStatus(202)
    const pdfUpload = await uploadFile(client, account, bucketId, 'brochure.pdf', pdfBomb)
    pdfUpload.assertStatus(202)
    const pathsUpload = await uploadFile(client, account, bucketId, 'drawing.pdf', pathsBomb)
    pathsUpload.assertStatus(202)
    const docx = await settled(client, account, docxUpload.body().id, 140_000)
    const pdf = await settled(client, account, pdfUpload.body().id, 140_000)
    const paths = await settled(client, account, pathsUpload.body().id, 140_000)
    const measured = await probe.stop()

    assert.equal(docx.status, 'failed')
    assert.equal(
      docx.processing_error,
      'The DOCX archive inflates to more than the limit of 33554432 bytes (a compressed-size bomb or an unusually large document)'
    )
    assert.equal(pdf.status, 'failed')
    assert.equal(
      pdf.processing_error,
      'Page 1 of the PDF has more than the limit of 1000000 characters of text (a compressed-content bomb or a malformed page)'
    )
    // 50 MB of line drawing yields no text: PDF.js reads it all, in the worker
    // (or until the worker's time limit on a slow machine).
    assert.equal(paths.status, 'failed')
    assert.match(
      paths.processing_error,
      /^(The PDF has no text layer|Extracting the text of the document took longer than the limit of \d+ ms)/
    )
    assert.deepEqual(measured.failures, [])
    assert.isAbove(measured.count, 10)
    assert.isBelow(measured.p99, 1_000, `probe p99 ${Math.round(measured.p99)} ms`)

    // The worker and the server are intact: honest files are still processed.
    const honestDocx = await uploadFile(
      client,
      account,
      bucketId,
      'policy.docx',
      await makeDocx([{ heading: 'Refunds' }, { text: 'Refunds are paid within thirty days.' }])
    )
    const honestPdf = await uploadFile(
      client,
      account,
      bucketId,
      'guide.pdf',
      await makePdf([['Keep the receipt for every purchase.']])
    )
    const readyDocx = await settled(client, account, honestDocx.body().id)
    const readyPdf = await settled(client, account, honestPdf.body().id)
    assert.equal(readyDocx.status, 'ready', readyDocx.processing_error)
    assert.equal(readyPdf.status, 'ready', readyPdf.processing_error)
  }).timeout(300_000)
})
