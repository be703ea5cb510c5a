import { test } from '@japa/runner'
import { extractText } from '../services/extraction/text_extractor.js'
import type { ExtractionLimits } from '../services/extraction/extraction_limits.js'
import { runIsolated, extractIsolated } from '../services/extraction/isolated_extraction.js'
import { ExtractionError } from '../services/extraction/extraction_error.js'
import { BOMB_INFLATED_BYTES, makeDocxBomb, makePdfBomb } from './bomb_fixtures.js'
import { makeDocx, makePdf } from './ingestion_support.js'

/** Generous limits: each test lowers the one it is about. */
const LIMITS: ExtractionLimits = {
  maxTextChars: 20_000_000,
  maxPdfPages: 2_000,
  maxPdfPageChars: 1_000_000,
  maxUnzippedBytes: 32 * 1024 * 1024,
  maxHtmlChars: 10_000_000,
}

/** The ExtractionError `promise` rejects with (fails the test when it resolves or throws anything else). */
async function extractionError(promise: Promise<unknown>): Promise<ExtractionError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ExtractionError) return error
    throw error
  }
  throw new Error('expected an ExtractionError, but the extraction succeeded')
}

test.group('Knowledge extraction limits', () => {
  test('a DOCX bomb is refused from its declared sizes, before anything is inflated', async ({
    assert,
  }) => {
    const bomb = await makeDocxBomb()
    assert.isBelow(bomb.length, 400 * 1024, 'the bomb is a small file')
    const started = performance.now()
    const error = await extractionError(extractText('docx', bomb, LIMITS))
    assert.match(error.message, /DOCX archive inflates to more than the limit of 33554432 bytes/)
    assert.isBelow(performance.now() - started, 1_000)
  })

  test('a DOCX bomb that under-declares its sizes is stopped while inflating', async ({
    assert,
  }) => {
    const bomb = await makeDocxBomb({ forgeDeclaredSize: true })
    const error = await extractionError(extractText('docx', bomb, LIMITS))
    assert.match(
      error.message,
      /forged: word\/document\.xml inflates to more than the size its directory declares/
    )
  })

  test('an honest DOCX is read, and refused only when its XML is over the limit', async ({
    assert,
  }) => {
    const docx = await makeDocx([{ heading: 'Policy' }, { text: 'Refunds within thirty days.' }])
    const extracted = await extractText('docx', docx, LIMITS)
    assert.equal(extracted.text, '# Policy\n\nRefunds within thirty days.')
    const error = await extractionError(
      extractText('docx', docx, { ...LIMITS, maxUnzippedBytes: 1_000 })
    )
    assert.match(error.message, /inflates to more than the limit of 1000 bytes/)
  })

  test('PDF pages and characters are capped with readable errors', async ({ assert }) => {
    const pdf = await makePdf([['First page'], ['Second page'], ['Third page']])
    const pages = await extractionError(extractText('pdf', pdf, { ...LIMITS, maxPdfPages: 2 }))
    assert.equal(
      pages.message,
      'The PDF has 3 pages, more than the limit of 2: split it into smaller documents'
    )
    const characters = await extractionError(
      extractText('pdf', pdf, { ...LIMITS, maxTextChars: 15 })
    )
    assert.match(characters.message, /text is longer than the limit of 15 characters/)
    const extracted = await extractText('pdf', pdf, { ...LIMITS, maxPdfPages: 3 })
    assert.equal(extracted.text, 'First page\n\nSecond page\n\nThird page')
  })

  test('text and HTML are capped in characters', async ({ assert }) => {
    const text = Buffer.from('word '.repeat(200))
    const long = await extractionError(extractText('txt', text, { ...LIMITS, maxTextChars: 999 }))
    assert.match(long.message, /longer than the limit of 999 characters/)
    assert.isAbove(
      (await extractText('txt', text, { ...LIMITS, maxTextChars: 1_000 })).text.length,
      0
    )

    const html = Buffer.from(
      `<html><body><h1>Title</h1><p>${'text '.repeat(100)}</p></body></html>`
    )
    const refused = await extractionError(
      extractText('html', html, { ...LIMITS, maxHtmlChars: 100 })
    )
    assert.match(refused.message, /HTML is longer than the limit of 100 characters/)
    assert.match((await extractText('html', html, LIMITS)).text, /^# Title/)
  })

  test('a PDF page whose content stream inflates to 50 MB is abandoned at the per-page text cap', async ({
    assert,
  }) => {
    const bomb = await makePdfBomb()
    const started = performance.now()
    const error = await extractionError(extractText('pdf', bomb, LIMITS))
    assert.equal(
      error.message,
      'Page 1 of the PDF has more than the limit of 1000000 characters of text (a compressed-content bomb or a malformed page)'
    )
    // Read to its end, the page takes tens of seconds (issue 20: 70 s on the main thread).
    assert.isBelow(performance.now() - started, 15_000)
  }).timeout(60_000)

  test('the isolated worker turns a timeout and a heap exhaustion into readable errors, and the next run works', async ({
    assert,
  }) => {
    // A page of 50 MB of line drawing yields no text: only the worker's bounds stop it.
    const bomb = await makePdfBomb({ operators: 'paths' })
    const timeout = await extractionError(
      runIsolated(
        { kind: 'extract', type: 'pdf', bytes: bomb, limits: LIMITS },
        'Extracting the bomb',
        { maxHeapMb: 512, timeoutMs: 300 }
      )
    )
    assert.equal(
      timeout.message,
      'Extracting the bomb took longer than the limit of 300 ms and was stopped (KNOWLEDGE_EXTRACTION_TIMEOUT_MS)'
    )
    // turndown's DOM of 4 MB of HTML needs far more than 16 MB of heap.
    const html = Buffer.from(
      `<html><body>${'<p>word <b>bold</b></p>'.repeat(200_000)}</body></html>`
    )
    const memory = await extractionError(
      runIsolated(
        { kind: 'extract', type: 'html', bytes: html, limits: LIMITS },
        'Extracting the page',
        { maxHeapMb: 16, timeoutMs: 120_000 }
      )
    )
    assert.equal(
      memory.message,
      'Extracting the page needed more memory than the limit of 16 MB and was stopped (KNOWLEDGE_EXTRACTION_MAX_HEAP_MB)'
    )
    const docx = await makeDocx([{ text: 'Still working after the crash.' }])
    assert.equal((await extractIsolated('docx', docx)).text, 'Still working after the crash.')
  }).timeout(150_000)

  test('the bombs inflate to about 50 MB', async ({ assert }) => {
    // Guards the fixtures themselves: a bomb that shrank would make the tests above pass vacuously.
    const { unzipSync, unzlibSync } = await import('fflate')
    const docx = unzipSync(new Uint8Array(await makeDocxBomb()))
    assert.isAtLeast(docx['word/document.xml'].length, BOMB_INFLATED_BYTES)
    for (const operators of ['text', 'paths'] as const) {
      const pdf = (await makePdfBomb({ operators })).toString('latin1')
      const start = pdf.indexOf('stream', pdf.indexOf('/FlateDecode')) + 'stream\n'.length
      const end = pdf.indexOf('endstream', start)
      const inflated = unzlibSync(
        new Uint8Array(Buffer.from(pdf.slice(start, end).trimEnd(), 'latin1'))
      )
      assert.isAtLeast(inflated.length, BOMB_INFLATED_BYTES)
    }
  }).timeout(60_000)
})
