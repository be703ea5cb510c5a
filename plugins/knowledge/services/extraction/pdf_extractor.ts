import { getDocumentProxy } from 'unpdf'
import { ExtractionError } from './extraction_error.js'
import { assertTextWithinLimit, type ExtractionLimits } from './extraction_limits.js'

/** The text of a PDF, page by page. */
export interface PdfText {
  pages: string[]
}

type PdfProxy = Awaited<ReturnType<typeof getDocumentProxy>>

/** The text layer of one page, lines ended where PDF.js marks an end of line. */
async function pageText(proxy: PdfProxy, pageNumber: number): Promise<string> {
  const page = await proxy.getPage(pageNumber)
  try {
    const content = await page.getTextContent()
    return content.items
      .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
      .join('')
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
 * page at a time, within the limits: at most `maxPdfPages` pages and
 * `maxTextChars` characters in all (counted as pages are read, so a huge
 * document stops early). A corrupt or password-protected file, or one whose
 * pages have no text at all (a scan without OCR), is an ExtractionError with
 * a readable message. The work of a single page is bounded by the isolated
 * worker this runs in (its memory and time limits), not here.
 */
export async function extractPdf(bytes: Uint8Array, limits: ExtractionLimits): Promise<PdfText> {
  const pages: string[] = []
  try {
    const proxy = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
    try {
      if (proxy.numPages > limits.maxPdfPages) {
        throw new ExtractionError(
          `The PDF has ${proxy.numPages} pages, more than the limit of ${limits.maxPdfPages}: split it into smaller documents`
        )
      }
      let characters = 0
      for (let number = 1; number <= proxy.numPages; number++) {
        const raw = await pageText(proxy, number)
        const text = raw.replaceAll('\u0000', '').trim()
        characters += text.length
        assertTextWithinLimit(characters, limits)
        pages.push(text)
      }
    } finally {
      await proxy.loadingTask.destroy().catch(() => {})
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
