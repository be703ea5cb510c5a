import { checkContentMatches, decodeUtf8, type KnowledgeFileType } from './file_types.js'
import { ExtractionError } from './extraction_error.js'
import { extractPdf } from './pdf_extractor.js'
import { docxToHtml } from './docx_extractor.js'
import { htmlTitle, htmlToMarkdown } from './html_to_markdown.js'
import { assertTextWithinLimit, type ExtractionLimits } from './extraction_limits.js'

/** Character range of one PDF page in the extracted text (1-based page number). */
export interface PageRange {
  page: number
  start: number
  end: number
}

/** What extraction made of a source: markdown-like text, page ranges for PDFs, a title if found. */
export interface ExtractedText {
  text: string
  pages?: PageRange[]
  title?: string | null
}

/** Line endings unified, NUL removed, runs of blank lines collapsed, outer whitespace trimmed. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replaceAll('\u0000', '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * Turns the bytes of a source into the text that is chunked and stored as the
 * document's `content`: plain text and markdown as they are, HTML and DOCX
 * (through HTML) as markdown, PDF page by page. The content is checked against
 * the declared type first, and every step against `limits` (inflated DOCX
 * size, HTML length, PDF pages, text length). Throws ExtractionError for
 * anything unusable or over a limit. CPU and memory heavy on hostile input:
 * the job calls it through extractIsolated, never on the main thread.
 */
export async function extractText(
  type: KnowledgeFileType,
  bytes: Uint8Array,
  limits: ExtractionLimits
): Promise<ExtractedText> {
  checkContentMatches(type, bytes)
  let result: ExtractedText
  switch (type) {
    case 'txt':
    case 'md': {
      const text = decodeUtf8(bytes)!
      assertTextWithinLimit(text.length, limits)
      result = { text: normalizeText(text) }
      break
    }
    case 'html': {
      const html = decodeUtf8(bytes)!
      result = {
        text: normalizeText(htmlToMarkdown(html, limits.maxHtmlChars)),
        title: htmlTitle(html),
      }
      break
    }
    case 'docx': {
      const html = await docxToHtml(bytes, limits.maxUnzippedBytes)
      result = { text: normalizeText(htmlToMarkdown(html, limits.maxHtmlChars)) }
      break
    }
    case 'pdf':
      const pdf = await extractPdf(bytes, limits)
      result = pagesToText(pdf.pages)
      break
  }
  assertTextWithinLimit(result.text.length, limits)
  if (!result.text) throw new ExtractionError('The document contains no text')
  return result
}

/** Joins PDF pages with blank lines, remembering where each page's text lies. */
function pagesToText(pages: string[]): ExtractedText {
  let text = ''
  const ranges: PageRange[] = []
  pages.forEach((raw, index) => {
    const page = normalizeText(raw)
    if (!page) return
    if (text) text += '\n\n'
    ranges.push({ page: index + 1, start: text.length, end: text.length + page.length })
    text += page
  })
  return { text, pages: ranges }
}
