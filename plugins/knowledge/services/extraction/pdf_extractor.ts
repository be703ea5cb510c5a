import { getDocumentProxy } from 'unpdf'
import { ExtractionError } from './extraction_error.js'
import { assertTextWithinLimit, type ExtractionLimits } from './extraction_limits.js'

/** The text of a PDF, page by page. */
export interface PdfText {
  pages: string[]
}

type PdfProxy = Awaited<ReturnType<typeof getDocumentProxy>>

/** One batch of text items as PDF.js streams them. */
interface TextBatch {
  items: Array<{ str?: string; hasEOL?: boolean }>
}

/**
 * The text layer of one page, lines ended where PDF.js marks an end of line.
 * The text is streamed in batches as PDF.js interprets the page, and reading
 * stops as soon as the page passes `maxPdfPageChars`; the document is then
 * destroyed, which stops PDF.js inflating and interpreting the page (a page whose
 * content stream inflates to 50 MB is abandoned after its first megabyte
 * or so of text instead of being read to the end).
 */
async function pageText(proxy: PdfProxy, pageNumber: number, limits: ExtractionLimits) {
  const page = await proxy.getPage(pageNumber)
  const reader = page.streamTextContent().getReader() as ReadableStreamDefaultReader<TextBatch>
  let text = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      for (const item of value.items) {
        if (typeof item.str === 'string') text += item.str + (item.hasEOL ? '\n' : '')
      }
      // No reader.cancel(): PDF.js may still enqueue into a cancelled stream
      // and throw outside any promise. Destroying the document (extractPdf's
      // finally) terminates the page's evaluation instead.
      if (text.length > limits.maxPdfPageChars) {
        throw new ExtractionError(
          `Page ${pageNumber} of the PDF has more than the limit of ${limits.maxPdfPageChars} characters of text (a compressed-content bomb or a malformed page)`
        )
      }
    }
    return text
  } finally {
    page.cleanup()
  }
}

/** A limit refusal passes through; anything PDF.js throws is described as an unreadable file. */
function readableFailure(error: unknown): ExtractionError {
  if (error instanceof ExtractionError) return error
  const name = (error as Error)?.name ?? ''
  if (name === 'PasswordException') {
    return new ExtractionError('The PDF is password-protected: upload an unprotected copy')
  }
  return new ExtractionError(
    `The file is not a valid PDF document (${(error as Error)?.message ?? 'unreadable'})`
  )
}

/**
 * Extracts the text layer of each page of a PDF with unpdf (PDF.js), one
 * page at a time, within the limits: at most `maxPdfPages` pages,
 * `maxPdfPageChars` characters on one page (read as a stream and abandoned
 * past it) and `maxTextChars` characters in all (counted as pages are read,
 * so a huge document stops early). A corrupt or password-protected file, or one whose
 * pages have no text at all (a scan without OCR), is an ExtractionError with
 * a readable message. Whatever a page costs before it yields text is bounded
 * by the isolated worker this runs in (its memory and time limits).
 */
export async function extractPdf(bytes: Uint8Array, limits: ExtractionLimits): Promise<PdfText> {
  const pages: string[] = []
  try {
    const proxy = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
    let complete = false
    try {
      if (proxy.numPages > limits.maxPdfPages) {
        throw new ExtractionError(
          `The PDF has ${proxy.numPages} pages, more than the limit of ${limits.maxPdfPages}: split it into smaller documents`
        )
      }
      let characters = 0
      for (let number = 1; number <= proxy.numPages; number++) {
        const raw = await pageText(proxy, number, limits)
        const text = raw.replaceAll('\u0000', '').trim()
        characters += text.length
        assertTextWithinLimit(characters, limits)
        pages.push(text)
      }
      complete = true
    } finally {
      // After a refusal a page may still be mid-evaluation, waiting for its
      // text stream to be read: destroying then never settles, so it is not
      // awaited (the isolated worker is terminated after its reply anyway).
      const destroyed = proxy.loadingTask.destroy().catch(() => {})
      if (complete) await destroyed
    }
  } catch (error) {
    throw readableFailure(error)
  }
  if (!pages.some((page) => page.length > 0)) {
    throw new ExtractionError(
      'The PDF has no text layer (it may be a scanned image): run OCR on it or upload a text version'
    )
  }
  return { pages }
}
