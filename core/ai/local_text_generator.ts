import type { AiMessage } from '#core/ai/ai_types'
import { isHeading, sentences, terms, truncateWords } from '#core/ai/text_analysis'

/** A sentence of the inputs with where it came from. */
export interface Passage {
  text: string
  /** 1-based index of the context snippet, or 0 for the conversation. */
  source: number
  position: number
  terms: string[]
}

/**
 * Every sentence of the context snippets, in order. Markdown headings are not
 * passages themselves: their terms are added to the sentences of their
 * section, so "## What happens when a trial ends?" leads to the sentence below
 * it even when that sentence does not repeat the question's words.
 */
export function contextPassages(context: string[] = []): Passage[] {
  const passages: Passage[] = []
  context.forEach((snippet, index) => {
    let headingTerms: string[] = []
    for (const text of sentences(snippet)) {
      if (isHeading(text)) {
        headingTerms = terms(text)
        continue
      }
      passages.push({
        text,
        source: index + 1,
        position: passages.length,
        terms: [...terms(text), ...headingTerms],
      })
    }
  })
  return passages
}

/** Every sentence of the conversation (user and assistant turns). */
export function conversationPassages(messages: AiMessage[]): Passage[] {
  const passages: Passage[] = []
  for (const message of messages) {
    if (message.role === 'system') continue
    for (const text of sentences(message.content)) {
      passages.push({ text, source: 0, position: passages.length, terms: terms(text) })
    }
  }
  return passages
}

/**
 * BM25 scores of passages for a query: deterministic relevance ranking used by
 * the local provider's extractive answers and structured output.
 */
export function rankPassages(passages: Passage[], queryTerms: string[]) {
  const total = passages.length
  if (total === 0) return []
  const documentFrequency = new Map<string, number>()
  for (const passage of passages) {
    for (const term of new Set(passage.terms)) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
    }
  }
  const averageLength = passages.reduce((sum, p) => sum + p.terms.length, 0) / total || 1
  const unique = [...new Set(queryTerms)]
  return passages
    .map((passage) => {
      let score = 0
      for (const term of unique) {
        const frequency = passage.terms.filter((t) => t === term).length
        if (!frequency) continue
        const df = documentFrequency.get(term) ?? 0
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5))
        score +=
          (idf * (frequency * 2.2)) /
          (frequency + 1.2 * (0.25 + (0.75 * passage.terms.length) / averageLength))
      }
      return { passage, score }
    })
    .sort((a, b) => b.score - a.score || a.passage.position - b.passage.position)
}

/** The last user message: what the local provider answers. */
export function lastUserMessage(messages: AiMessage[]) {
  for (let index = messages.length - 1; index >= 0; index--) {
    if (messages[index].role === 'user') return messages[index].content
  }
  return messages.map((message) => message.content).join('\n')
}

/** The most frequent content words of a text, for "key terms" lines. */
export function keyTerms(texts: string[], limit = 5) {
  const counts = new Map<string, { count: number; first: number; word: string }>()
  let index = 0
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) {
      const term = terms(word)[0]
      if (!term) continue
      const entry = counts.get(term) ?? { count: 0, first: index++, word }
      entry.count++
      counts.set(term, entry)
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map((entry) => entry.word)
}

/**
 * The local provider's answer: an extractive, cited answer from the context
 * snippets most relevant to the last user message; without context, an
 * extractive summary of the conversation. Deterministic: the same inputs give
 * the same text.
 */
export function localAnswer(input: {
  messages: AiMessage[]
  context?: string[]
  maxOutputTokens?: number
}): string {
  const maxChars = Math.max(16, (input.maxOutputTokens ?? 400) * 4)
  const question = lastUserMessage(input.messages)
  const queryTerms = terms(question)
  const context = (input.context ?? []).filter((snippet) => snippet.trim().length > 0)

  if (context.length > 0) {
    // A sentence that only restates the question carries no answer.
    const asked = new Set(queryTerms)
    const informative = contextPassages(context).filter((passage) =>
      terms(passage.text).some((term) => !asked.has(term))
    )
    const ranked = rankPassages(informative, queryTerms).filter((r) => r.score > 0)
    if (ranked.length > 0) {
      const chosen = pickWithinBudget(
        ranked.map((r) => r.passage),
        maxChars,
        5
      )
      return truncateWords(chosen.map((p) => `${p.text} [${p.source}]`).join(' '), maxChars)
    }
    const about = keyTerms([question], 3)
    const covers = context.map((snippet, index) => `${sentences(snippet)[0]} [${index + 1}]`)
    const text = `The provided context does not mention ${about.length ? about.join(', ') : 'this'}. It covers: ${covers.slice(0, 3).join(' ')}`
    return truncateWords(text, maxChars)
  }

  const passages = conversationPassages(input.messages)
  if (passages.length === 0) return ''
  const allTerms = passages.flatMap((p) => p.terms)
  const ranked = rankPassages(passages, allTerms)
  const chosen = pickWithinBudget(
    ranked.map((r) => r.passage),
    maxChars,
    3
  )
  const key = keyTerms(input.messages.filter((m) => m.role !== 'system').map((m) => m.content))
  const text = `Summary: ${chosen.map((p) => p.text).join(' ')}${key.length ? ` Key terms: ${key.join(', ')}.` : ''}`
  return truncateWords(text, maxChars)
}

/** Best passages that fit the budget, returned in their original order. */
function pickWithinBudget(ranked: Passage[], maxChars: number, limit: number) {
  const chosen: Passage[] = []
  let used = 0
  for (const passage of ranked) {
    if (chosen.length >= limit) break
    if (chosen.length > 0 && used + passage.text.length > maxChars) continue
    chosen.push(passage)
    used += passage.text.length + 5
  }
  return chosen.sort((a, b) => a.position - b.position)
}

/** Splits a text into streaming deltas of a few words each (concatenation is the text). */
export function streamChunks(text: string, wordsPerChunk = 3): string[] {
  const pieces = text.match(/\S+\s*/g) ?? []
  const chunks: string[] = []
  for (let index = 0; index < pieces.length; index += wordsPerChunk) {
    chunks.push(pieces.slice(index, index + wordsPerChunk).join(''))
  }
  const leading = /^\s+/.exec(text)?.[0]
  if (leading && chunks.length) chunks[0] = leading + chunks[0]
  return chunks
}
