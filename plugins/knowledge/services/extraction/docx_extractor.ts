import mammoth from 'mammoth'
import { ExtractionError } from './extraction_error.js'

/**
 * Converts a DOCX document to HTML with mammoth (headings, lists, tables kept
 * as structure), to go through the same HTML-to-markdown path as web pages.
 * A ZIP that is not a Word document is an ExtractionError.
 */
export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })
    return result.value
  } catch {
    throw new ExtractionError('The file is not a valid DOCX document')
  }
}
