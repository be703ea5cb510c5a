/*
| The knowledge benchmarks' corpus: README and docs markdown files of the
| project's installed npm dependencies (text nobody on this project wrote),
| selected and ordered deterministically, deduplicated and capped; plus a
| simple heading/paragraph-aware chunker and the query generator of the search
| scenario. Nothing here touches the database.
*/
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** One markdown file of the corpus. */
export interface CorpusFile {
  /** Path relative to node_modules (the first of identical copies, in path order). */
  path: string
  text: string
  bytes: number
}

/** Selection limits of the corpus. */
export interface CorpusOptions {
  /** Files larger than this are cut at the last paragraph break before the limit. */
  maxFileBytes: number
  /** Files smaller than this are left out (badge-only READMEs). */
  minFileBytes: number
  /** Total size cap; files are taken in a deterministic pseudo-random order until it is reached. */
  maxTotalBytes: number
}

/** What the corpus holds (recorded with the results). */
export interface CorpusStats {
  candidates: number
  duplicates: number
  tooSmall: number
  truncated: number
  files: number
  bytes: number
}

const DEFAULT_CORPUS_OPTIONS: CorpusOptions = {
  maxFileBytes: 48 * 1024,
  minFileBytes: 400,
  maxTotalBytes: 6 * 1024 * 1024,
}

/** Limits of the extended selection (`loadCorpus(…, true)`): the same rules, and a cap above its size (about 11 MB here). */
export const EXTENDED_CORPUS_OPTIONS: CorpusOptions = {
  ...DEFAULT_CORPUS_OPTIONS,
  maxTotalBytes: 24 * 1024 * 1024,
}

/** `README.md` in any case, or any `.md` file directly inside a `docs` folder. */
function isCorpusFile(path: string, name: string) {
  if (/^readme\.md$/i.test(name)) return true
  return /\.md$/i.test(name) && /(^|\/)docs$/.test(path)
}

/**
 * The extended corpus's files: every other markdown file (`CHANGELOG.md`,
 * `HISTORY.md`, guides, `.mdx`) and the API documentation of the TypeScript
 * declaration files (`*.d.ts`, turned into text by `docCommentText`).
 */
function isExtendedFile(path: string, name: string) {
  if (isCorpusFile(path, name)) return false
  return /\.(md|mdx)$/i.test(name) || /\.d\.ts$/.test(name)
}

/** Relative paths of all candidate files under `root` (symlinks not followed), sorted. */
function candidatePaths(root: string, accept: (path: string, name: string) => boolean) {
  const found: string[] = []
  const walk = (directory: string, depth: number) => {
    if (depth > 14) return
    let entries
    try {
      entries = readdirSync(directory, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const full = join(directory, entry.name)
      if (entry.isDirectory()) {
        if (entry.name === '.bin' || entry.name === '.cache') continue
        walk(full, depth + 1)
      } else if (entry.isFile() && accept(relative(root, directory), entry.name)) {
        found.push(relative(root, full))
      }
    }
  }
  walk(root, 0)
  return found.sort()
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * The prose of a declaration file: each doc comment of at least 8 words, its
 * leading asterisks removed, under a heading naming the declaration that
 * follows it (`### function parse`). Comments already seen in an earlier file
 * (`seenBlocks`, by content) are left out: declaration files repeat each other
 * (TypeScript's lib files, nested copies of a package).
 */
function docCommentText(source: string, seenBlocks: Set<string>) {
  const parts: string[] = []
  for (const match of source.matchAll(/\/\*\*([\s\S]*?)\*\/[ \t]*\n?([^\n]*)/g)) {
    const body = match[1]
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, ''))
      .join('\n')
      .trim()
    if ((body.match(/[A-Za-z]{2,}/g) ?? []).length < 8) continue
    const hash = sha256(body)
    if (seenBlocks.has(hash)) continue
    seenBlocks.add(hash)
    const declaration =
      /^(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:static\s+)?(?:readonly\s+)?(function|class|interface|type|const|let|var|enum|namespace|module)?\s*([A-Za-z_$][\w$]*)/.exec(
        match[2].trim()
      )
    parts.push(
      declaration ? `### ${declaration[1] ?? 'member'} ${declaration[2]}\n\n${body}` : body
    )
  }
  return parts.join('\n\n')
}

/**
 * Loads the corpus from `node_modules` (resolved through its symlink): every
 * README.md and docs/*.md, identical files kept once (first path in sorted
 * order), small files left out, large ones cut at a paragraph break, then taken
 * in the order of the SHA-256 of their path (a fixed shuffle, so the size cap
 * does not favour packages whose names start with "a") until `maxTotalBytes`.
 * The same installed packages always give the same corpus in the same order.
 *
 * `extended: true` selects the other files instead, with the same rules: the
 * remaining markdown (`CHANGELOG.md`, guides, `.mdx`) and the doc comments of
 * the `.d.ts` files, leaving out any text identical to a file of the default
 * selection, so that the two selections share no file.
 */
export function loadCorpus(
  nodeModules: string,
  options: CorpusOptions = DEFAULT_CORPUS_OPTIONS,
  extended = false
): { files: CorpusFile[]; stats: CorpusStats } {
  const root = realpathSync(nodeModules)
  const paths = candidatePaths(root, extended ? isExtendedFile : isCorpusFile)
  const seen = new Set<string>()
  const seenBlocks = new Set<string>()
  if (extended)
    for (const path of candidatePaths(root, isCorpusFile))
      seen.add(sha256(readFileSync(join(root, path), 'utf8').replace(/\r\n?/g, '\n')))
  const kept: CorpusFile[] = []
  let duplicates = 0
  let tooSmall = 0
  let truncated = 0
  for (const path of paths) {
    const full = join(root, path)
    if (statSync(full).size > 4 * 1024 * 1024) continue
    let text = readFileSync(full, 'utf8').replace(/\r\n?/g, '\n')
    const hash = sha256(text)
    if (seen.has(hash)) {
      duplicates++
      continue
    }
    seen.add(hash)
    if (path.endsWith('.d.ts')) {
      const prose = docCommentText(text, seenBlocks)
      text = prose ? `# ${path}\n\n${prose}` : ''
    }
    if (Buffer.byteLength(text) < options.minFileBytes) {
      tooSmall++
      continue
    }
    if (Buffer.byteLength(text) > options.maxFileBytes) {
      const cut = text.slice(0, options.maxFileBytes)
      const paragraph = cut.lastIndexOf('\n\n')
      text = paragraph > options.maxFileBytes / 2 ? cut.slice(0, paragraph) : cut
      truncated++
    }
    kept.push({ path, text, bytes: Buffer.byteLength(text) })
  }
  kept.sort((a, b) => (sha256(a.path) < sha256(b.path) ? -1 : 1))
  const files: CorpusFile[] = []
  let bytes = 0
  for (const file of kept) {
    if (bytes + file.bytes > options.maxTotalBytes) break
    files.push(file)
    bytes += file.bytes
  }
  return {
    files,
    stats: {
      candidates: paths.length,
      duplicates,
      tooSmall,
      truncated,
      files: files.length,
      bytes,
    },
  }
}

const approxTokens = (text: string) => (text.match(/[A-Za-z0-9]+|[^\sA-Za-z0-9]/g) ?? []).length

/**
 * Splits markdown into chunks of about `targetTokens`, on block boundaries
 * (headings start a new chunk when the current one is half full; fenced code
 * blocks stay whole when they fit), carrying the last `overlapTokens` worth of
 * blocks into the next chunk. Used only by the search scenario's fast loader
 * (loadTenantCorpus) to give each tenant its chunks (tenants get different
 * sizes, so their vectors differ); the ingest scenario uses the plugin's own
 * chunkText.
 */
export function chunkMarkdown(
  text: string,
  targetTokens: number,
  overlapTokens: number
): { content: string; tokens: number; headings: string[] }[] {
  const blocks: { text: string; tokens: number; heading?: { level: number; title: string } }[] = []
  const lines = text.split('\n')
  let current: string[] = []
  let inFence = false
  const flush = () => {
    const block = current.join('\n').trim()
    if (block) blocks.push({ text: block, tokens: approxTokens(block) })
    current = []
  }
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      if (!inFence) flush()
      current.push(line)
      inFence = !inFence
      if (!inFence) flush()
      continue
    }
    if (inFence) {
      current.push(line)
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      flush()
      blocks.push({
        text: line.trim(),
        tokens: approxTokens(line),
        heading: { level: heading[1].length, title: heading[2].replace(/[#*`]/g, '').trim() },
      })
      continue
    }
    if (line.trim() === '') flush()
    else current.push(line)
  }
  flush()

  // Blocks longer than the target are split on words.
  const sized: typeof blocks = []
  for (const block of blocks) {
    if (block.tokens <= targetTokens) {
      sized.push(block)
      continue
    }
    const words = block.text.split(/(\s+)/)
    let piece = ''
    for (const word of words) {
      if (approxTokens(piece + word) > targetTokens && piece.trim()) {
        sized.push({ text: piece.trim(), tokens: approxTokens(piece) })
        piece = ''
      }
      piece += word
    }
    if (piece.trim()) sized.push({ text: piece.trim(), tokens: approxTokens(piece) })
  }

  const chunks: { content: string; tokens: number; headings: string[] }[] = []
  const path: { level: number; title: string }[] = []
  let parts: typeof sized = []
  let tokens = 0
  let headingsAtStart: string[] = []
  const emit = () => {
    if (!parts.some((part) => !part.heading)) return
    const content = parts.map((part) => part.text).join('\n\n')
    chunks.push({ content, tokens: approxTokens(content), headings: headingsAtStart })
    // Overlap: the last blocks that fit in overlapTokens (never the whole chunk).
    const carry: typeof sized = []
    let carried = 0
    for (let index = parts.length - 1; index > 0; index--) {
      if (carried + parts[index].tokens > overlapTokens) break
      carry.unshift(parts[index])
      carried += parts[index].tokens
    }
    parts = carry
    tokens = carried
    headingsAtStart = path.map((entry) => entry.title)
  }
  for (const block of sized) {
    if (block.heading) {
      if (tokens >= targetTokens / 2) emit()
      while (path.length && path.at(-1)!.level >= block.heading.level) path.pop()
      path.push(block.heading)
      if (parts.length === 0 || !parts.some((part) => !part.heading))
        headingsAtStart = path.map((entry) => entry.title)
    }
    if (tokens + block.tokens > targetTokens && parts.length) emit()
    if (parts.length === 0) headingsAtStart = path.map((entry) => entry.title)
    parts.push(block)
    tokens += block.tokens
  }
  emit()
  return chunks
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

/** How a search query was made from a chunk. */
export type QueryKind = 'sentence' | 'heading' | 'words'

/** A search query of the benchmark and where it came from. */
export interface CorpusQuery {
  text: string
  kind: QueryKind
  /** Whether the source chunk belongs to the searching tenant. */
  ownTenant: boolean
}

const plainWords = (text: string) =>
  text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]+>|\]\([^)]*\)|[`*_#>|[\]]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)

/**
 * Makes a search query from a chunk, like a user would type: a sentence of
 * prose (5 to 30 words), a heading, or 3 to 6 content words of the chunk in a
 * random order (a paraphrase-like bag of words). Returns null when the chunk
 * has no usable text for that kind.
 */
export function queryFromChunk(
  content: string,
  kind: QueryKind,
  random: () => number
): string | null {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]
  if (kind === 'heading') {
    const headings = content
      .split('\n')
      .filter((line) => /^#{1,6}\s+\S/.test(line))
      .map((line) => plainWords(line).join(' '))
      .filter((line) => line.split(' ').length >= 2)
    return headings.length ? pick(headings) : null
  }
  if (kind === 'sentence') {
    const prose = content.replace(/```[\s\S]*?```/g, ' ')
    const sentences = prose
      .split(/(?<=[.!?])\s+|\n+/)
      .map((sentence) => plainWords(sentence).join(' '))
      .filter((sentence) => {
        const count = sentence.split(' ').length
        return count >= 5 && count <= 30
      })
    return sentences.length ? pick(sentences) : null
  }
  const words = [
    ...new Set(
      plainWords(content)
        .map((word) => word.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '').toLowerCase())
        .filter((word) => /^[a-z]{4,}$/.test(word))
    ),
  ]
  if (words.length < 6) return null
  const count = 3 + Math.floor(random() * 4)
  const chosen: string[] = []
  while (chosen.length < count) {
    const word = pick(words)
    if (!chosen.includes(word)) chosen.push(word)
  }
  return chosen.join(' ')
}
