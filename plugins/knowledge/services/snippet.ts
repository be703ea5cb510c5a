import { isStopWord, stem } from '#sdk'

/** Longest snippet, in characters (ellipses aside). */
export const SNIPPET_CHARS = 240

/** Stem of a word as the local embedder sees it (lower case, accents removed). */
function stemOf(word: string) {
  return stem(
    word
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/['’]s$/u, '')
  )
}

/**
 * A short extract of a chunk for a result list: the window of at most
 * SNIPPET_CHARS characters, cut on word boundaries, that holds the most
 * words matching a query term (stemmed, stop words ignored), so vector-only hits get
 * a meaningful extract too. Without any matching word it is the chunk's start.
 * Plain text (no markup), with "…" where text was cut.
 */
export function snippetOf(content: string, query: string, maxChars = SNIPPET_CHARS): string {
  const text = content.replace(/\s+/g, ' ').trim()
  if (text.length <= maxChars) return text

  const wanted = new Set(
    (query.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
      .map((word) => word.toLowerCase())
      .filter((word) => !isStopWord(word))
      .map(stemOf)
  )
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    hit: wanted.has(stemOf(match[0])),
  }))

  // Slide a window of at most maxChars over the words, counting the words that match.
  let bestStart = 0
  let bestScore = -1
  let right = 0
  let hits = 0
  for (let left = 0; left < tokens.length; left++) {
    while (right < tokens.length && tokens[right].end - tokens[left].start <= maxChars) {
      if (tokens[right].hit) hits++
      right++
    }
    if (hits > bestScore) {
      bestScore = hits
      bestStart = left
    }
    if (tokens[left].hit) hits--
  }
  if (bestScore <= 0) bestStart = 0
  // Give some context before the first matched word when the window allows it.
  const firstHit = tokens.findIndex((token, index) => index >= bestStart && token.hit)
  let startIndex = bestStart
  if (bestScore > 0 && firstHit > bestStart + 3) startIndex = firstHit - 3
  const from = tokens[startIndex]?.start ?? 0
  let to = from + maxChars
  if (to < text.length) {
    const lastSpace = text.lastIndexOf(' ', to)
    if (lastSpace > from) to = lastSpace
  } else {
    to = text.length
  }
  const body = text.slice(from, to).replace(/[\s,;:]+$/, '')
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`
}
