import { createHash } from 'node:crypto'
import { decode, encode } from 'gpt-tokenizer/encoding/cl100k_base'
import type { PageRange } from './extraction/text_extractor.js'

/** Special tokens in documents are plain text, never control tokens. */
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() }

/** Tokens of a text with the cl100k_base encoding (OpenAI's embedding models use it). */
export function countTokens(text: string): number {
  return encode(text, ENCODE_OPTIONS).length
}

/** SHA-256 (hex) of a chunk's content: equal content, equal hash, kept embedding. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex')
}

/** Sizes of the chunks, in tokens (see knowledge_config). */
export interface ChunkOptions {
  chunkTokens: number
  overlapTokens: number
  /** Page ranges of a PDF's text: each chunk records the page it starts on. */
  pages?: PageRange[]
}

/** One chunk: an exact slice `text.slice(start, end)` of the document's content. */
export interface TextChunk {
  content: string
  contentHash: string
  tokenCount: number
  /** Heading path of the section the chunk belongs to (outermost first). */
  headings: string[]
  start: number
  end: number
  page?: number
}

interface Range {
  start: number
  end: number
}

interface Section extends Range {
  headings: string[]
}

interface Unit extends Range {
  tokens: number
}

const HEADING = /^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/
const FENCE = /^[ \t]{0,3}(```|~~~)/

/**
 * Splits markdown-like text into sections at ATX headings (outside code
 * fences), each with its heading path.
 */
export function splitSections(text: string): Section[] {
  const sections: Section[] = []
  const stack: Array<{ level: number; title: string }> = []
  let current: Section = { headings: [], start: 0, end: text.length }
  let inFence = false
  let offset = 0
  for (const line of text.split('\n')) {
    const lineStart = offset
    offset += line.length + 1
    if (FENCE.test(line)) {
      inFence = !inFence
      continue
    }
    if (inFence) continue
    const match = HEADING.exec(line)
    if (!match) continue
    current.end = lineStart
    if (text.slice(current.start, current.end).trim()) sections.push(current)
    const level = match[1].length
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop()
    stack.push({ level, title: match[2].replace(/[*_`]/g, '').trim() })
    current = { headings: stack.map((entry) => entry.title), start: lineStart, end: text.length }
  }
  current.end = text.length
  if (text.slice(current.start, current.end).trim()) sections.push(current)
  return sections
}

/** Non-blank ranges of `range` separated by `separator`, trimmed of surrounding whitespace. */
function splitRange(text: string, range: Range, separator: RegExp): Range[] {
  const parts: Range[] = []
  const slice = text.slice(range.start, range.end)
  let last = 0
  const push = (from: number, to: number) => {
    let start = range.start + from
    let end = range.start + to
    while (start < end && /\s/.test(text[start])) start++
    while (end > start && /\s/.test(text[end - 1])) end--
    if (end > start) parts.push({ start, end })
  }
  for (const match of slice.matchAll(separator)) {
    const cut = match.index + match[0].length
    push(last, cut)
    last = cut
  }
  push(last, slice.length)
  return parts
}

/** Cuts one over-long word (a URL, a base64 blob) into pieces of at most `limit` tokens. */
function splitLongWord(text: string, range: Range, limit: number): Unit[] {
  const units: Unit[] = []
  let start = range.start
  while (start < range.end) {
    let end = range.end
    let tokens = countTokens(text.slice(start, end))
    while (tokens > limit) {
      const ratio = limit / tokens
      end = start + Math.max(1, Math.floor((end - start) * ratio * 0.95))
      // Never cut a surrogate pair in half.
      if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--
      if (end <= start) end = start + 1
      tokens = countTokens(text.slice(start, end))
    }
    units.push({ start, end, tokens })
    start = end
  }
  return units
}

/** Packs consecutive ranges into units of at most `limit` tokens (words of a sentence). */
function packWords(text: string, words: Range[], limit: number): Unit[] {
  const units: Unit[] = []
  let current: Unit | null = null
  for (const word of words) {
    const tokens = countTokens(text.slice(word.start, word.end))
    if (tokens > limit) {
      if (current) units.push(current)
      current = null
      units.push(...splitLongWord(text, word, limit))
      continue
    }
    if (current) {
      const joined = countTokens(text.slice(current.start, word.end))
      if (joined <= limit) {
        current = { start: current.start, end: word.end, tokens: joined }
        continue
      }
      units.push(current)
    }
    current = { start: word.start, end: word.end, tokens }
  }
  if (current) units.push(current)
  return units
}

/**
 * Units of a section no larger than `limit` tokens: paragraphs; sentences of a
 * paragraph that is too long; words of a sentence that is too long; pieces of
 * a single word only when that word alone is too long.
 */
function sectionUnits(text: string, section: Section, limit: number): Unit[] {
  const units: Unit[] = []
  for (const paragraph of splitRange(text, section, /\n[ \t]*\n/g)) {
    const tokens = countTokens(text.slice(paragraph.start, paragraph.end))
    if (tokens <= limit) {
      units.push({ ...paragraph, tokens })
      continue
    }
    for (const sentence of splitRange(text, paragraph, /(?<=[.!?;:…。！？])["')\]]*\s+|\n/g)) {
      const sentenceTokens = countTokens(text.slice(sentence.start, sentence.end))
      if (sentenceTokens <= limit) units.push({ ...sentence, tokens: sentenceTokens })
      else units.push(...packWords(text, splitRange(text, sentence, /\s+/g), limit))
    }
  }
  return units
}

/**
 * Where the next chunk starts so that it repeats about `overlapTokens` of the
 * previous one: a word boundary (a sentence start when one is near) inside
 * the previous chunk, or null for no overlap.
 */
function overlapStart(text: string, chunk: Range, overlapTokens: number): number | null {
  if (overlapTokens <= 0) return null
  const tokens = encode(text.slice(chunk.start, chunk.end), ENCODE_OPTIONS)
  if (tokens.length <= overlapTokens * 2) return null
  const tail = decode(tokens.slice(-overlapTokens))
  let position = Math.max(chunk.start, chunk.end - tail.length)
  while (position < chunk.end && !/\s/.test(text[position - 1] ?? ' ')) position++
  while (position < chunk.end && /\s/.test(text[position])) position++
  const rest = text.slice(position, chunk.end)
  const sentence = /[.!?]["')\]]*\s+(?=\S)/.exec(rest)
  if (sentence && sentence.index < rest.length / 2) {
    position += sentence.index + sentence[0].length
  }
  return position < chunk.end ? position : null
}

/**
 * Token-aware chunking of a document's content: sections at markdown headings
 * first (a chunk never spans two), then paragraphs, sentences and words, packed
 * up to `chunkTokens` with about `overlapTokens` repeated from the previous
 * chunk of the same section. Every chunk is an exact slice of `text`, with its
 * offsets, heading path, page (PDF) and content hash.
 */
export function chunkText(text: string, options: ChunkOptions): TextChunk[] {
  const chunkTokens = Math.max(16, options.chunkTokens)
  const overlapTokens = Math.min(Math.max(0, options.overlapTokens), Math.floor(chunkTokens / 4))
  const unitLimit = chunkTokens - overlapTokens
  const chunks: TextChunk[] = []
  for (const section of splitSections(text)) {
    const units = sectionUnits(text, section, unitLimit)
    let index = 0
    let carried: number | null = null
    while (index < units.length) {
      const start: number = carried ?? units[index].start
      let end = units[index].end
      let estimate = carried === null ? units[index].tokens : countTokens(text.slice(start, end))
      let last = index
      while (last + 1 < units.length) {
        const next = units[last + 1]
        let tokens = estimate + next.tokens + 1
        if (tokens > chunkTokens - 8) tokens = countTokens(text.slice(start, next.end))
        if (tokens > chunkTokens) break
        estimate = tokens
        end = next.end
        last++
      }
      const content = text.slice(start, end)
      chunks.push({
        content,
        contentHash: contentHash(content),
        tokenCount: countTokens(content),
        headings: section.headings,
        start,
        end,
        ...(options.pages ? { page: pageAt(options.pages, start) } : {}),
      })
      index = last + 1
      carried = index < units.length ? overlapStart(text, { start, end }, overlapTokens) : null
    }
  }
  return chunks
}

/** The page a character offset falls on. */
function pageAt(pages: PageRange[], offset: number): number {
  let page = pages[0]?.page ?? 1
  for (const range of pages) {
    if (range.start <= offset) page = range.page
    else break
  }
  return page
}
