import mammoth from 'mammoth'
import { ExtractionError } from './extraction_error.js'
import { checkZipBounds } from './zip_guard.js'

/**
 * Images become their alt text downstream, so mammoth is told not to read
 * them at all (its default inflates each one into a base64 data URI).
 */
const skipImages = mammoth.images.imgElement(async () => ({ src: '' }))

/**
 * Converts a DOCX document to HTML with mammoth (headings, lists, tables kept
 * as structure), to go through the same HTML-to-markdown path as web pages.
 * The archive is checked against `maxUnzippedBytes` first (declared sizes,
 * then a counted inflate: see checkZipBounds). A ZIP that is not a Word
 * document is an ExtractionError.
 */
export async function docxToHtml(bytes: Uint8Array, maxUnzippedBytes: number): Promise<string> {
  await checkZipBounds(bytes, maxUnzippedBytes)
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { convertImage: skipImages }
    )
    return result.value
  } catch {
    throw new ExtractionError('The file is not a valid DOCX document')
  }
}
