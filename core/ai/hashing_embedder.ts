import { isStopWord, stem, words } from '#core/ai/text_analysis'

/** Dimension of the local embeddings (matches the platform's vector(1536) columns). */
export const LOCAL_EMBEDDING_DIMENSIONS = 1536

/** 32-bit FNV-1a hash with a seed, so two independent hashes come from one function. */
function fnv1a(text: string, seed: number) {
  let hash = (0x811c9dc5 ^ seed) >>> 0
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** Weighted features of a text: stemmed unigrams (1.0) and bigrams of content words (0.5). */
function features(text: string) {
  const tokens = words(text)
    .filter((word) => !isStopWord(word))
    .map(stem)
  const weights = new Map<string, number>()
  const add = (feature: string, weight: number) =>
    weights.set(feature, (weights.get(feature) ?? 0) + weight)
  tokens.forEach((token, index) => {
    add(`u:${token}`, 1)
    if (index > 0) add(`b:${tokens[index - 1]} ${token}`, 0.5)
  })
  return weights
}

/**
 * The local provider's embedder: feature hashing of stemmed word unigrams and
 * bigrams into 1536 signed buckets, sub-linear term frequency, L2 normalised.
 * Texts that share words get a high cosine similarity, unrelated texts about
 * zero, so semantic search works (lexically) with no model. An empty text
 * gives the zero vector.
 */
export function hashEmbedding(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Float64Array(dimensions)
  for (const [feature, weight] of features(text)) {
    const bucket = fnv1a(feature, 0) % dimensions
    const sign = fnv1a(feature, 0x5bd1e995) & 1 ? 1 : -1
    vector[bucket] += sign * (1 + Math.log(weight))
  }
  let norm = 0
  for (const value of vector) norm += value * value
  norm = Math.sqrt(norm)
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0))
}

/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: number[], b: number[]) {
  let dot = 0
  let normA = 0
  let normB = 0
  for (const [index, element] of a.entries()) {
    dot += element * b[index]
    normA += element * element
    normB += b[index] * b[index]
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0
}
