import { performance } from 'node:perf_hooks'
import { loadCorpus } from '../lib/knowledge_corpus.ts'
import type { Comparison } from '../lib/report.ts'
import { strategyPlatform } from '../lib/strategy_platform.ts'

/** Settings of scenario (l). */
export interface KeywordClusteringOptions {
  databaseUrl: string
  dataDir: string
  nodeModules: string
  /** Labelled topics: corpus files of at least 8 KB, in the corpus's fixed order. */
  topics: number
  /** Documents each topic file is split into (by paragraphs). */
  documentsPerTopic: number
  /** Keywords kept by the research. */
  keywords: number
}

/** Purity, inverse purity and cluster count of one clustering. */
interface ClusteringScore {
  purity: number
  inversePurity: number
  clusters: number
  keywords: number
}

/** Raw figures of scenario (l), written to latest.json. */
export interface KeywordClusteringDetails {
  settings: Omit<KeywordClusteringOptions, 'databaseUrl' | 'dataDir' | 'nodeModules'>
  topics: string[]
  research: ClusteringScore & { milliseconds: number }
  headWordBaseline: ClusteringScore
}

/** Splits a text into `parts` documents of about equal size at paragraph breaks. */
function split(text: string, parts: number) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim())
  const size = Math.ceil(paragraphs.length / parts)
  return Array.from({ length: parts }, (_, index) =>
    paragraphs.slice(index * size, (index + 1) * size).join('\n\n')
  ).filter((part) => part.trim())
}

/** Purity and inverse purity of `clusters` against `labels` (same order). */
function score(clusters: number[], labels: string[]): ClusteringScore {
  const n = labels.length
  const count = (groupsOf: (string | number)[], classesOf: (string | number)[]) => {
    const table = new Map<string | number, Map<string | number, number>>()
    groupsOf.forEach((group, index) => {
      const row = table.get(group) ?? new Map()
      row.set(classesOf[index], (row.get(classesOf[index]) ?? 0) + 1)
      table.set(group, row)
    })
    let total = 0
    for (const row of table.values()) total += Math.max(...row.values())
    return total / n
  }
  return {
    purity: count(clusters, labels),
    inversePurity: count(labels, clusters),
    clusters: new Set(clusters).size,
    keywords: n,
  }
}

const round3 = (value: number) => Math.round(value * 1000) / 1000

/**
 * Scenario (l): keyword clustering against a labelled set built from the
 * knowledge benchmarks' corpus (READMEs and docs of installed npm packages):
 * `topics` files, each split into `documentsPerTopic` documents, make one
 * corpus; each keyword the research keeps is labelled with the topic whose
 * documents hold most of its occurrences. The clustering's purity and inverse
 * purity are compared with a common keyword-grouping heuristic measured on the
 * same keywords: grouping by head word (the last word's stem). Higher is better.
 */
export async function runKeywordClustering(
  options: KeywordClusteringOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: KeywordClusteringDetails }> {
  await strategyPlatform(options.databaseUrl, options.dataDir)
  const { researchKeywords } = await import('../../plugins/strategy/services/keyword_analysis.ts')
  const { stem } = await import('#core/ai/text_analysis')
  const { files } = loadCorpus(options.nodeModules)
  const topics = files.filter((file) => file.bytes >= 8 * 1024).slice(0, options.topics)
  if (topics.length < options.topics)
    throw new Error(`the corpus has only ${topics.length} topic files`)
  const corpus = topics.flatMap((file, topic) =>
    split(file.text, options.documentsPerTopic).map((text, part) => ({
      id: `${topic}:${part}`,
      title: '',
      text,
    }))
  )
  log(`${topics.length} topics, ${corpus.length} documents, keeping ${options.keywords} keywords`)
  const started = performance.now()
  const result = researchKeywords(corpus, { query: '', limit: options.keywords })
  const milliseconds = performance.now() - started
  const topicOf = (documents: string[]) => {
    const votes = new Map<string, number>()
    for (const id of documents) {
      const topic = id.split(':')[0]
      votes.set(topic, (votes.get(topic) ?? 0) + 1)
    }
    return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]
  }
  const labels = result.keywords.map((keyword) => topicOf(keyword.documents))
  const research = score(
    result.keywords.map((keyword) => keyword.cluster),
    labels
  )
  const headWords = result.keywords.map((keyword) => stem(keyword.keyword.split(' ').at(-1)!))
  const baseline = score(
    headWords.map((word) => [...new Set(headWords)].indexOf(word)),
    labels
  )
  log(
    `  research: purity ${research.purity.toFixed(3)}, inverse purity ${research.inversePurity.toFixed(3)}, ${research.clusters} clusters; head words: purity ${baseline.purity.toFixed(3)}, inverse purity ${baseline.inversePurity.toFixed(3)}, ${baseline.clusters} clusters`
  )
  const scenario = `Strategy: keyword clustering of ${research.keywords} keywords from ${topics.length} labelled docs topics (${corpus.length} documents) vs grouping by head word`
  const line = (measure: string, platform: number, base: number): Comparison => ({
    scenario,
    measure,
    unit: 'fraction',
    platform: round3(platform),
    baseline: round3(base),
    ratio: round3(platform / base),
    roundRatios: [platform / base],
    platformNote: `${research.clusters} clusters (documents clustered on TF-IDF, each keyword to its topic)`,
    baselineNote: `${baseline.clusters} groups (same head word)`,
  })
  return {
    comparisons: [
      line('purity (higher is better)', research.purity, baseline.purity),
      line('inverse purity (higher is better)', research.inversePurity, baseline.inversePurity),
    ],
    details: {
      settings: {
        topics: options.topics,
        documentsPerTopic: options.documentsPerTopic,
        keywords: options.keywords,
      },
      topics: topics.map((file) => file.path),
      research: { ...research, milliseconds: Math.round(milliseconds) },
      headWordBaseline: baseline,
    },
  }
}
