/**
 * Numbered citations in answers: the model cites source n (the n-th retrieved
 * chunk, as both the local provider and the remote prompt number them) with a
 * marker `[n]` (or `[n, m]`). Markers naming no retrieved chunk are removed from
 * the text, so every marker left in a stored answer maps to a real chunk.
 */

/** A complete citation marker: `[1]`, `[2, 5]`, `[ 3 ]`. */
const MARKER = /\[\s*\d{1,4}\s*(?:,\s*\d{1,4}\s*)*\]/g

/** A whole bracketed text that is exactly one marker. */
const WHOLE_MARKER = new RegExp(`^${MARKER.source}$`)

/** What may still grow into a marker at the end of streamed text: `[`, `[1`, `[1, 2`, `[3 `. */
const PARTIAL_MARKER = /\[\s*(?:\d{1,4}\s*(?:,\s*(?:\d{1,4}\s*)?)*)?$/

/** A retrieved chunk as one numbered source of an answer (API shape). */
export interface Citation {
  number: number
  chunk_id: string
  document_id: string
  document_title: string
  bucket_id: string
  snippet: string
  score: number
}

/**
 * Rewrites the markers of a text so that they only name numbers from 1 to
 * `sourceCount`: invalid numbers are dropped from a marker, and a marker left
 * empty is removed with the spaces before it. Normalises kept markers to
 * `[n]` / `[n, m]`.
 */
export function cleanCitationMarkers(text: string, sourceCount: number): string {
  return text.replace(/[ \t]*(\[[^[\]]*\])/g, (whole, marker: string) => {
    if (!WHOLE_MARKER.test(marker)) return whole
    const kept = validNumbers(marker, sourceCount)
    if (kept.length === 0) return ''
    return whole.slice(0, whole.length - marker.length) + `[${kept.join(', ')}]`
  })
}

function validNumbers(marker: string, sourceCount: number) {
  const numbers = (marker.match(/\d+/g) ?? []).map(Number)
  return [...new Set(numbers.filter((n) => n >= 1 && n <= sourceCount))]
}

/** The distinct source numbers cited in a (cleaned) text, in ascending order. */
export function citedNumbers(text: string, sourceCount: number): number[] {
  const numbers = new Set<number>()
  for (const marker of text.match(MARKER) ?? []) {
    for (const n of validNumbers(marker, sourceCount)) numbers.add(n)
  }
  return [...numbers].sort((a, b) => a - b)
}

/** Removes every citation marker (earlier answers sent back as history cite older sources). */
export function stripCitationMarkers(text: string): string {
  return text.replace(new RegExp(`[ \\t]*${MARKER.source}`, 'g'), '')
}

/**
 * Cleans citation markers of a text that arrives in pieces (a streamed
 * answer): holds back the end of the text while it may still become a marker
 * (or spaces that an invalid marker would take with it), and releases the rest
 * cleaned. The concatenation of everything `push` and `flush` return equals
 * `cleanCitationMarkers(full text)`.
 */
export class CitationStreamFilter {
  #pending = ''
  #output = ''

  constructor(private sourceCount: number) {}

  /** Adds a piece of text; returns the part that is now safe to show (may be empty). */
  push(piece: string): string {
    this.#pending += piece
    const hold = holdBackFrom(this.#pending)
    const ready = cleanCitationMarkers(this.#pending.slice(0, hold), this.sourceCount)
    this.#pending = this.#pending.slice(hold)
    this.#output += ready
    return ready
  }

  /** Releases what was held back at the end of the text. */
  flush(): string {
    const rest = cleanCitationMarkers(this.#pending, this.sourceCount)
    this.#pending = ''
    this.#output += rest
    return rest
  }

  /** Everything released so far. */
  get text() {
    return this.#output
  }
}

/**
 * Where the uncertain end of a text starts: a possible marker still being
 * written and the spaces or tabs before it (cleaning removes those with an
 * invalid marker), or trailing spaces that a marker may follow.
 */
function holdBackFrom(text: string): number {
  const partial = PARTIAL_MARKER.exec(text)
  let start = partial ? partial.index : text.length
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--
  return start
}

/** What a citation needs of a search hit. */
export interface CitableHit {
  chunkId: string
  documentId: string
  documentTitle: string
  bucketId: string
  snippet: string
  score: number
}

/** A hit as source `[number]` (API shape). */
export function toCitation(hit: CitableHit, number: number): Citation {
  return {
    number,
    chunk_id: hit.chunkId,
    document_id: hit.documentId,
    document_title: hit.documentTitle,
    bucket_id: hit.bucketId,
    snippet: hit.snippet,
    score: hit.score,
  }
}

/** The sources a text cites, as citations of the numbered hits (hit n-1 is source n). */
export function citationsOf<T extends CitableHit>(
  text: string,
  sources: T[]
): { citations: Citation[]; cited: T[] } {
  const numbers = citedNumbers(text, sources.length)
  return {
    citations: numbers.map((n) => toCitation(sources[n - 1], n)),
    cited: numbers.map((n) => sources[n - 1]),
  }
}
