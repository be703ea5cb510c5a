/**
 * Small, deterministic text analysis shared by the local provider and the
 * hashing embedder: word tokens, a light stemmer, stop words, sentences and a
 * token estimate. No model, no network.
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i ' +
    'if in into is it its me my no not of on or our ours she so than that the their them then there ' +
    'these they this those to too us was we were what when where which who whom why will with would ' +
    'you your yours about also any some such just should shall may might must let lets please tell ' +
    'give write make want need more most very much many each other over under up down out off own'
  ).split(' ')
)

/** Lower-cased words and numbers of a text, accents removed. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []
  ).map((word) => word.replace(/['’]s$/u, ''))
}

/** A light suffix stemmer (plural, -ing, -ed, -ly) so related word forms meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ing', ''],
    ['edly', ''],
    ['ed', ''],
    ['ly', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      if (suffix === 's' && word.endsWith('ss')) return word
      return word.slice(0, word.length - suffix.length) + replacement
    }
  }
  return word
}

/** Whether a word carries no meaning on its own. */
export function isStopWord(word: string) {
  return STOP_WORDS.has(word)
}

/** Stemmed content words of a text (stop words removed). */
export function terms(text: string): string[] {
  return words(text)
    .filter((word) => !isStopWord(word))
    .map(stem)
}

/** A line that starts a unit of its own: a markdown heading, a bullet or a numbered item. */
const BLOCK_START = /^\s*(?:#{1,6}\s|[-*•]\s|\d{1,3}[.)]\s)/

/** A markdown heading line. */
const HEADING = /^\s*#{1,6}\s/

/**
 * Splits a text into trimmed sentences. Blank lines, headings, bullets and
 * numbered items start new units; other line breaks are soft wraps inside a
 * paragraph (hard-wrapped markdown), so a sentence is never cut at a wrap.
 * Headings stay one unit each (with their `#` marks).
 */
export function sentences(text: string): string[] {
  const units: string[] = []
  for (const block of text.split(/\n\s*\n/)) {
    const lines: string[] = []
    let previousIsHeading = false
    for (const line of block.split('\n')) {
      if (!line.trim()) continue
      if (lines.length === 0 || previousIsHeading || BLOCK_START.test(line)) lines.push(line)
      else lines[lines.length - 1] += ` ${line}`
      previousIsHeading = HEADING.test(line)
    }
    for (const line of lines) {
      const heading = HEADING.test(line)
      const body = heading ? line : line.replace(/^\s*(?:[-*•]|\d{1,3}[.)])\s+/, '')
      for (const sentence of heading ? [body] : body.split(/(?<=[.!?])\s+/)) {
        const cleaned = sentence.replace(/\s+/g, ' ').trim()
        if (cleaned) units.push(cleaned)
      }
    }
  }
  return units
}

/** Whether a sentence from `sentences()` is a markdown heading. */
export function isHeading(sentence: string): boolean {
  return HEADING.test(sentence)
}

/**
 * Estimated token count (about four characters per token for English), used
 * where a provider reports none, e.g. the local provider.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4)
}

/** Cuts a text to at most `maxChars` characters on a word boundary. */
export function truncateWords(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  const cut = text.slice(0, maxChars)
  const lastSpace = cut.lastIndexOf(' ')
  return (lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:]+$/, '')
}
