import { extractText, getDocumentProxy } from 'unpdf'
import { ExtractionError } from './extraction_error.js'

/** The text of a PDF, page by page. */
export interface PdfText {
  pages: string[]
}

/**
 * Extracts the text layer of each page of a PDF with unpdf (PDF.js). A
 * corrupt or password-protected file, or one whose pages have no text at all
 * (a scan without OCR), is an ExtractionError with a readable message.
 */
export async function extractPdf(bytes: Uint8Array): Promise<PdfText> {
  let pages: string[]
  try {
    const proxy = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
    try {
      const extracted = await extractText(proxy, { mergePages: false })
      pages = extracted.text
    } finally {
      await proxy.loadingTask.destroy().catch(() => {})
    }
  } catch (error) {
    const name = (error as Error)?.name ?? ''
    if (name === 'PasswordException') {
      throw new ExtractionError('The PDF is password-protected: upload an unprotected copy')
    }
    throw new ExtractionError(
      `The file is not a valid PDF document (${(error as Error)?.message ?? 'unreadable'})`
    )
  }
  const cleaned = pages.map((page) => page.replaceAll('\u0000', '').trim())
  if (!cleaned.some((page) => page.length > 0)) {
    throw new ExtractionError(
      'The PDF has no text layer (it may be a scanned image): run OCR on it or upload a text version'
    )
  }
  return { pages: cleaned }
}
