import { ExtractionError } from './extraction_error.js'

/**
 * The bounds one extraction works within (see docs/guide/knowledge.md,
 * "Limits"). Plain data: it travels to the isolated extraction worker, which
 * cannot read the application's configuration itself.
 */
export interface ExtractionLimits {
  /** Most characters of extracted text a document may have. */
  maxTextChars: number
  /** Most pages a PDF may have. */
  maxPdfPages: number
  /** Most characters of text one PDF page may have (its text is streamed and abandoned past it). */
  maxPdfPageChars: number
  /** Most bytes the XML parts of a DOCX archive may inflate to, declared and actual. */
  maxUnzippedBytes: number
  /** Most characters of HTML (a page, an upload, or a DOCX rendered as HTML) converted to markdown. */
  maxHtmlChars: number
}

/** Throws the readable ExtractionError of a text longer than the limit. */
export function assertTextWithinLimit(length: number, limits: ExtractionLimits, what = 'text') {
  if (length > limits.maxTextChars) {
    throw new ExtractionError(
      `The document's ${what} is longer than the limit of ${limits.maxTextChars} characters: split it into smaller documents`
    )
  }
}
