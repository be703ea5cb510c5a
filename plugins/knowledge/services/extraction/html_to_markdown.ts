import TurndownService from 'turndown'
import { ExtractionError } from './extraction_error.js'

/** Elements that are page furniture or code, never document text. */
const DROPPED = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'head',
] as const

/** A converter with the settings used for every HTML source (one instance, reused). */
function createConverter() {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    hr: '---',
  })
  service.remove([...DROPPED] as unknown as TurndownService.Filter)
  // Images carry no text worth indexing beyond their alt text.
  service.addRule('images', {
    filter: 'img',
    replacement: (_content, node) => {
      const alt = (node as unknown as { getAttribute(name: string): string | null })
        .getAttribute('alt')
        ?.trim()
      return alt ? alt : ''
    },
  })
  return service
}

let converter: TurndownService | undefined

/**
 * HTML (a web page, or mammoth's rendering of a DOCX) as markdown: headings
 * become `#` lines so the chunker can follow the structure; scripts, styles,
 * navigation, headers, footers, asides and forms are dropped. HTML longer
 * than `maxChars` is refused with an ExtractionError before it is parsed
 * (turndown builds a whole DOM, many times the size of the text).
 */
export function htmlToMarkdown(html: string, maxChars: number): string {
  if (html.length > maxChars) {
    throw new ExtractionError(
      `The document's HTML is longer than the limit of ${maxChars} characters: split it into smaller documents`
    )
  }
  converter ??= createConverter()
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html
  return converter.turndown(body)
}

/** The page's `<title>`, if any (used as the document title of URL imports). */
export function htmlTitle(html: string): string | null {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)
  if (!match) return null
  const title = decodeEntities(match[1]).replace(/\s+/g, ' ').trim()
  return title || null
}

function decodeEntities(text: string) {
  return text
    .replace(/&#(\d+);/g, (_m, code) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
}
