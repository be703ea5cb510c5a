/*
| Offline keyword research, free of I/O: candidate n-grams of a corpus ranked
| by TF-IDF, search intent by rules, and clusters by the documents the
| keywords occur in (average-linkage agglomerative clustering).
*/
import { isStopWord, stem } from '#sdk'

/** A document of the corpus: its id (a chunk, document or analysis) and text. */
export interface CorpusDocument {
  id: string
  title: string
  text: string
}

/** Search intent classes. */
export type KeywordIntent = 'informational' | 'commercial' | 'transactional' | 'navigational'

/** A ranked candidate keyword. */
export interface KeywordCandidate {
  keyword: string
  score: number
  /** Documents containing it. */
  document_frequency: number
  documents: string[]
  intent: KeywordIntent
  cluster: number
  /**
   * Monthly search volume: only from a real source (the provider-backed mode,
   * services/keyword_volume_service.ts); null means unknown.
   */
  search_volume: number | null
  /** Who gave `search_volume` (`dataforseo`), or null when it is unknown. */
  volume_source: string | null
  /** Paid-search competition level, index (0-100) and cost per click, when the provider gave them. */
  competition?: string | null
  competition_index?: number | null
  cpc?: number | null
}

/** A cluster of keywords: its label (best keyword) and members. */
export interface KeywordCluster {
  id: number
  label: string
  keywords: string[]
}

const TOKEN = /[a-z0-9][a-z0-9'-]*[a-z0-9]|[a-z0-9]/g

/** Text without what is not prose: code blocks, inline code, HTML tags, URLs, markdown link targets. */
function prose(text: string) {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/\]\([^)\s]*\)/g, '] ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/\S+@\S+\.\w+/g, ' ')
}

function tokens(text: string) {
  return (prose(text).toLowerCase().match(TOKEN) ?? []).filter((token) => !/^\d+$/.test(token))
}

/** Candidate n-grams (1 to 3 words) of a text: no stop word at either end, no digits-only word. */
function ngrams(words: string[]) {
  const out: string[][] = []
  for (let size = 1; size <= 3; size++) {
    for (let start = 0; start + size <= words.length; start++) {
      const gram = words.slice(start, start + size)
      if (isStopWord(gram[0]) || isStopWord(gram[gram.length - 1])) continue
      if (size === 1 && gram[0].length < 3) continue
      out.push(gram)
    }
  }
  return out
}

const INTENT_RULES: Array<[KeywordIntent, RegExp]> = [
  [
    'transactional',
    /\b(buy|price|prices|pricing|cost|costs|discount|coupon|order|purchase|trial|subscribe|subscription|download|quote|deal|deals|cheap|plan|plans|signup|sign up)\b/,
  ],
  [
    'commercial',
    /\b(best|top|vs|versus|compare|comparison|review|reviews|alternative|alternatives|software|tool|tools|platform|service|services|provider|providers)\b/,
  ],
  [
    'navigational',
    /\b(login|log in|sign in|dashboard|account|contact|homepage|official|support|docs|documentation)\b/,
  ],
]

/**
 * The search intent of a keyword by rules (transactional, commercial,
 * navigational words, or a brand named in `brands`); informational otherwise
 * (how, what, why, guides and topics).
 */
export function classifyIntent(keyword: string, brands: string[] = []): KeywordIntent {
  const text = keyword.toLowerCase()
  for (const [intent, rule] of INTENT_RULES) if (rule.test(text)) return intent
  if (brands.some((brand) => brand && text.includes(brand.toLowerCase()))) return 'navigational'
  return 'informational'
}

/** Cosine similarity of two sparse vectors. */
function cosine(a: Map<string, number>, b: Map<string, number>) {
  let dot = 0
  for (const [key, value] of a) dot += value * (b.get(key) ?? 0)
  if (!dot) return 0
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0))
  return dot / (norm(a) * norm(b))
}

/**
 * Average-linkage agglomerative clustering of keyword profiles: repeatedly
 * merges the two most similar clusters while their mean pairwise similarity is
 * at least `threshold`. Returns the cluster index of each item.
 */
export function clusterProfiles(profiles: Map<string, number>[], threshold: number): number[] {
  const n = profiles.length
  const sim: number[][] = Array.from({ length: n }, () => new Array(n).fill(0))
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) sim[i][j] = sim[j][i] = cosine(profiles[i], profiles[j])
  let clusters: number[][] = profiles.map((_, index) => [index])
  for (;;) {
    let best = -1
    let pair: [number, number] | null = null
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        let total = 0
        for (const i of clusters[a]) for (const j of clusters[b]) total += sim[i][j]
        const mean = total / (clusters[a].length * clusters[b].length)
        if (mean > best) {
          best = mean
          pair = [a, b]
        }
      }
    }
    if (!pair || best < threshold) break
    const [a, b] = pair
    clusters = [
      ...clusters.filter((_, index) => index !== a && index !== b),
      [...clusters[a], ...clusters[b]],
    ]
  }
  const assignment = new Array<number>(n).fill(0)
  clusters
    .sort((x, y) => Math.min(...x) - Math.min(...y))
    .forEach((members, index) => members.forEach((member) => (assignment[member] = index)))
  return assignment
}

/** TF-IDF vectors of the documents over their content-word stems. */
function documentVectors(corpus: CorpusDocument[]) {
  const counts = corpus.map((doc) => {
    const tf = new Map<string, number>()
    for (const word of tokens(`${doc.title}. ${doc.text}`)) {
      if (isStopWord(word) || word.length < 3) continue
      const key = stem(word)
      tf.set(key, (tf.get(key) ?? 0) + 1)
    }
    return tf
  })
  const df = new Map<string, number>()
  for (const tf of counts) for (const key of tf.keys()) df.set(key, (df.get(key) ?? 0) + 1)
  return counts.map((tf) => {
    const vector = new Map<string, number>()
    for (const [key, count] of tf) {
      vector.set(key, (1 + Math.log(count)) * Math.log((corpus.length + 1) / df.get(key)!))
    }
    return vector
  })
}

/**
 * Keyword research over a corpus: candidate n-grams scored by TF-IDF summed
 * over the documents (longer phrases and phrases sharing the query's terms
 * weigh more), the top `limit` kept (a phrase's words do not also appear
 * alone when the phrase scores higher), classified by intent and clustered by
 * topic: documents are clustered on their whole vocabulary (TF-IDF, average
 * link) and each keyword joins the topic holding most of its occurrences.
 */
export function researchKeywords(
  corpus: CorpusDocument[],
  options: { query: string; limit?: number; brands?: string[]; threshold?: number }
): { keywords: KeywordCandidate[]; clusters: KeywordCluster[] } {
  const limit = options.limit ?? 40
  const queryStems = new Set(
    tokens(options.query)
      .filter((w) => !isStopWord(w))
      .map(stem)
  )
  const n = corpus.length
  /** Per stem key: surface counts, and term frequency per document. */
  const grams = new Map<string, { surfaces: Map<string, number>; tf: Map<number, number> }>()
  corpus.forEach((doc, index) => {
    for (const gram of ngrams(tokens(`${doc.title}. ${doc.text}`))) {
      const key = gram.map(stem).join(' ')
      const surface = gram.join(' ')
      const entry = grams.get(key) ?? { surfaces: new Map(), tf: new Map() }
      entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1)
      entry.tf.set(index, (entry.tf.get(index) ?? 0) + 1)
      grams.set(key, entry)
    }
  })
  // Topics are clusters of documents (their whole vocabulary, TF-IDF, average
  // link). Inverse frequency is counted over topics, so a word spread over
  // every topic ("default", "example") ranks below one that names a topic.
  const documentTopics = clusterProfiles(documentVectors(corpus), options.threshold ?? 0.1)
  const topicCount = new Set(documentTopics).size
  const scored = [...grams.entries()]
    .map(([key, entry]) => {
      const df = new Set([...entry.tf.keys()].map((doc) => documentTopics[doc])).size
      // A term in every topic tells them apart no better than a stop word.
      const idf =
        topicCount > 1
          ? Math.log((topicCount + 1) / (df + 1))
          : Math.log((n + 1) / (entry.tf.size + 1))
      const occurrences = [...entry.tf.values()].reduce((sum, tf) => sum + tf, 0)
      // A phrase must recur (one-off n-grams are noise) and tell documents apart.
      if (occurrences < 2 || idf <= 0) return null
      const size = key.split(' ').length
      const keyStems = key.split(' ')
      const matchesQuery = keyStems.some((s) => queryStems.has(s))
      let score = 0
      for (const tf of entry.tf.values()) score += (1 + Math.log(tf)) * idf
      score *= 1 + 0.5 * (size - 1)
      if (matchesQuery) score *= 1.5
      const surface = [...entry.surfaces.entries()].sort(
        (a, b) => b[1] - a[1] || a[0].localeCompare(b[0])
      )[0][0]
      return { key, surface, score, entry }
    })
    .filter((item): item is NonNullable<typeof item> => item !== null)
    .sort((a, b) => b.score - a.score || a.surface.localeCompare(b.surface))
  // Drop a word or phrase contained in a higher-scoring kept phrase.
  const kept: typeof scored = []
  for (const item of scored) {
    if (kept.length >= limit) break
    if (kept.some((other) => ` ${other.key} `.includes(` ${item.key} `))) continue
    kept.push(item)
  }
  // A keyword belongs to the topic holding most of its occurrences.
  const topicOf = kept.map((item) => {
    const mass = new Map<number, number>()
    for (const [doc, tf] of item.entry.tf) {
      mass.set(documentTopics[doc], (mass.get(documentTopics[doc]) ?? 0) + tf)
    }
    return [...mass.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0]
  })
  // Number the clusters in the order of their best keyword.
  const numbering = new Map<number, number>()
  for (const topic of topicOf) if (!numbering.has(topic)) numbering.set(topic, numbering.size)
  const assignment = topicOf.map((topic) => numbering.get(topic)!)
  const keywords: KeywordCandidate[] = kept.map((item, index) => ({
    keyword: item.surface,
    score: Math.round(item.score * 1000) / 1000,
    document_frequency: item.entry.tf.size,
    documents: [...item.entry.tf.keys()].map((doc) => corpus[doc].id),
    intent: classifyIntent(item.surface, options.brands),
    cluster: assignment[index],
    search_volume: null,
    volume_source: null,
  }))
  const clusters = new Map<number, KeywordCluster>()
  for (const keyword of keywords) {
    const cluster = clusters.get(keyword.cluster) ?? {
      id: keyword.cluster,
      label: keyword.keyword,
      keywords: [],
    }
    cluster.keywords.push(keyword.keyword)
    clusters.set(keyword.cluster, cluster)
  }
  return { keywords, clusters: [...clusters.values()].sort((a, b) => a.id - b.id) }
}
