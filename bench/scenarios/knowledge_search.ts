import { performance } from 'node:perf_hooks'
import {
  loadCorpus,
  queryFromChunk,
  seededRandom,
  type CorpusQuery,
  type CorpusStats,
  type QueryKind,
} from '../lib/knowledge_corpus.ts'
import {
  createTenant,
  knowledgePlatform,
  loadTenantCorpus,
  resetKnowledgeTables,
  type BenchTenant,
  type PreparedChunk,
} from '../lib/knowledge_platform.ts'
import { compareRounds, median, type Comparison } from '../lib/report.ts'

/** Settings of the knowledge search scenario. */
export interface KnowledgeSearchOptions {
  dataDir: string
  /** Search queries (derived from the corpus). */
  queries: number
  /** Passes over all queries, alternating which side goes first. */
  rounds: number
  /** hnsw.ef_search values measured (the plugin's configured value is always included). */
  efSearch: number[]
  /**
   * HNSW builds measured: `plugin` is the migration's own index definition;
   * `m:ef_construction` pairs rebuild the index with those parameters.
   */
  indexes: string[]
  /** Tenants besides the searching one, each holding the corpus chunked differently. */
  otherTenants: number
  /** Seed of the query generator. */
  seed: number
}

/** One measured configuration of the index. */
export interface SearchSetting {
  index: string
  efSearch: number
  iterativeScan: 'relaxed_order' | 'off'
  recall: number
  recallOwnTenantQueries: number
  recallOtherTenantQueries: number
  /** Mean rows returned per query (10 unless the index scan ran dry). */
  meanRows: number
  /** Mean ms per query of each round, and the exact scan's in the same round. */
  msPerQuery: number[]
  exactMsPerQuery: number[]
  /** Per round: total indexed time / total exact time. */
  timeRatios: number[]
  p95Ms: number
}

/** Raw figures of the scenario, written to latest.json. */
export interface KnowledgeSearchDetails {
  settings: Omit<KnowledgeSearchOptions, 'dataDir'> & { pluginEfSearch: number }
  corpus: CorpusStats & {
    chunksPerTenant: { tenant: string; chunkTokens: number; overlapTokens: number; chunks: number }[]
    totalChunks: number
  }
  queries: { total: number; ownTenant: number; byKind: Record<QueryKind, number> }
  indexBuilds: { index: string; definition: string; seconds: number }[]
  /** EXPLAIN of the first query (vector literal elided). */
  plans: { exact: string; indexed: string; planner: string }
  /** Whether the planner picks the HNSW index by itself (without enable_sort = off). */
  plannerUsesIndex: boolean
  settingsMeasured: SearchSetting[]
  loadSeconds: number
}

const K = 10
/** Distances closer than this count as ties (the 10th and 11th exact neighbours often tie). */
const TIE = 1e-6

const EXACT_SQL = `select c.id, (c.embedding <=> ?::vector)::float8 as distance
  from public.knowledge_chunks c
  where c.workspace_id = ? and c.embedding_model = ?
  order by c.embedding <=> ?::vector
  limit ${K}`

/**
 * The vector leg as the search service runs it (relaxed_order may return rows
 * slightly out of order, hence the re-sort of the materialised top k).
 */
const INDEXED_SQL = `with candidates as materialized (
    select c.id, (c.embedding <=> ?::vector)::float8 as distance
    from public.knowledge_chunks c
    where c.workspace_id = ? and c.embedding_model = ?
    order by c.embedding <=> ?::vector
    limit ${K}
  )
  select id, distance from candidates order by distance`

/**
 * Settings of the indexed passes: ef_search and iterative scan as the search
 * service sets them, and enable_sort off so that the planner takes the HNSW
 * index. Left to itself it prefers an exact scan + top-N sort for a tenant of
 * a few thousand chunks: its cost model charges a 1536-dimension distance like
 * any operator (cpu_operator_cost), so it estimates the exact scan close to
 * the index scan when it is in fact 10 to 20 times slower (see the docs).
 */
const INDEX_SETTINGS_SQL = `select set_config('hnsw.ef_search', ?, true),
  set_config('hnsw.iterative_scan', ?, true), set_config('enable_sort', 'off', true)`

type Hit = { id: string; distance: number }

/**
 * Recall@10 of one query: returned rows that are among the exact top 10, or
 * tie with the exact 10th distance, over min(10, rows the exact scan found).
 */
function recallOf(exact: Hit[], found: Hit[]) {
  if (exact.length === 0) return 1
  const ids = new Set(exact.map((hit) => hit.id))
  const last = exact.at(-1)!.distance
  const hits = found.filter((hit) => ids.has(hit.id) || hit.distance <= last + TIE).length
  return Math.min(hits, exact.length) / exact.length
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/**
 * Makes `count` queries: two thirds from chunks of the searching tenant, one
 * third from chunks of the other tenants (questions whose best lexical matches
 * sit in someone else's rows), cycling through sentence, heading and
 * bag-of-words queries; duplicates and texts without words are skipped.
 */
function makeQueries(
  count: number,
  seed: number,
  own: PreparedChunk[],
  others: PreparedChunk[]
): CorpusQuery[] {
  const random = seededRandom(seed)
  const kinds: QueryKind[] = ['sentence', 'heading', 'words']
  const seen = new Set<string>()
  const queries: CorpusQuery[] = []
  let attempts = 0
  while (queries.length < count && attempts < count * 50) {
    attempts++
    const ownTenant = queries.length % 3 !== 2
    const pool = ownTenant ? own : others
    const chunk = pool[Math.floor(random() * pool.length)]
    const kind = kinds[queries.length % kinds.length]
    const text = queryFromChunk(chunk.content, kind, random)
    if (!text || seen.has(text.toLowerCase()) || !/[a-z]{3}/i.test(text)) continue
    seen.add(text.toLowerCase())
    queries.push({ text, kind, ownTenant })
  }
  return queries
}

/**
 * Recall@10 and time of the plugin's indexed vector search (HNSW cosine on
 * knowledge_chunks.embedding, hnsw.ef_search, iterative scan, tenant filter
 * under RLS) against an exact scan of the same tenant's chunks (index scans
 * disabled, checked with EXPLAIN), in the same transaction context and run.
 * Data: the npm dependencies' README/docs corpus, loaded into several
 * tenants (each chunked with different sizes so their vectors differ); the
 * searching tenant holds a minority of the rows.
 */
export async function runKnowledgeSearch(
  options: KnowledgeSearchOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: KnowledgeSearchDetails }> {
  const loadStarted = performance.now()
  const platform = await knowledgePlatform(options.dataDir)
  const { admin, model } = platform
  const { withTenant } = await import('#core/tenancy/tenant_transaction')
  const { rawQuery } = await import('#core/database/raw_query')
  const { embedForKnowledge, vectorParam } = await import(
    '../../plugins/knowledge/services/embedding_service.ts'
  )
  const knowledgeConfig = (await import('../../plugins/knowledge/knowledge_config.ts')).default

  const { files, stats } = loadCorpus(new URL('../../node_modules', import.meta.url).pathname)
  log(
    `corpus: ${stats.files} files, ${(stats.bytes / 1024 / 1024).toFixed(1)} MB ` +
      `(${stats.candidates} candidates, ${stats.duplicates} duplicates, ${stats.tooSmall} too small, ${stats.truncated} cut)`
  )

  // The plugin's index definition, dropped while loading and rebuilt after.
  await resetKnowledgeTables(platform)
  const { pluginIndex } = platform
  await admin.query('drop index public.idx_knowledge_chunks_embedding')

  const layouts = [
    { tokens: knowledgeConfig.chunkTokens, overlap: knowledgeConfig.overlapTokens },
    { tokens: 200, overlap: 30 },
    { tokens: 500, overlap: 80 },
    { tokens: 120, overlap: 20 },
    { tokens: 800, overlap: 100 },
  ].slice(0, 1 + options.otherTenants)
  const tenants: { tenant: BenchTenant; chunks: PreparedChunk[]; layout: (typeof layouts)[0] }[] =
    []
  for (const [index, layout] of layouts.entries()) {
    const tenant = await createTenant(index === 0 ? 'searcher' : `other${index}`)
    const { chunks } = await loadTenantCorpus(platform, tenant, files, layout)
    tenants.push({ tenant, chunks, layout })
    log(
      `  tenant ${index === 0 ? 'searching' : `other ${index}`}: ${chunks.length} chunks (${layout.tokens}/${layout.overlap} tokens)`
    )
  }
  await admin.query('vacuum analyze public.knowledge_chunks')
  const searcher = tenants[0].tenant
  const totalChunks = tenants.reduce((sum, entry) => sum + entry.chunks.length, 0)
  const loadSeconds = (performance.now() - loadStarted) / 1000
  log(
    `  loaded ${totalChunks} chunks in ${loadSeconds.toFixed(0)} s; searching tenant holds ` +
      `${((100 * tenants[0].chunks.length) / totalChunks).toFixed(0)}%`
  )

  const queries = makeQueries(
    options.queries,
    options.seed,
    tenants[0].chunks,
    tenants.slice(1).flatMap((entry) => entry.chunks)
  )
  const { vectors } = await withTenant(searcher, () =>
    embedForKnowledge(
      queries.map((query) => query.text),
      'knowledge.search'
    )
  )
  const params = vectors.map((vector) => vectorParam(vector))
  log(`  ${queries.length} queries (sentences, headings, word bags; a third from other tenants' text)`)

  /** Runs every query in one tenant transaction with the given settings; per-query ms and rows. */
  const pass = async (
    mode: { exact: true } | { exact: false; efSearch: number; iterativeScan: 'relaxed_order' | 'off' }
  ) =>
    withTenant(searcher, async ({ trx }) => {
      if (mode.exact) {
        await rawQuery(trx, 'set local enable_indexscan = off')
      } else {
        await rawQuery(trx, INDEX_SETTINGS_SQL, [String(mode.efSearch), mode.iterativeScan])
      }
      const sql = mode.exact ? EXACT_SQL : INDEXED_SQL
      const results: Hit[][] = []
      const ms: number[] = []
      for (const param of params) {
        const started = performance.now()
        const { rows } = await rawQuery<Hit>(trx, sql, [param, searcher.workspaceId, model, param])
        ms.push(performance.now() - started)
        results.push(rows)
      }
      return { results, ms }
    })

  /** The plan of the first query: exact, indexed (forced as measured), or the planner's own choice. */
  const explain = async (mode: 'exact' | 'indexed' | 'planner') =>
    withTenant(searcher, async ({ trx }) => {
      if (mode === 'exact') await rawQuery(trx, 'set local enable_indexscan = off')
      else
        await rawQuery(
          trx,
          mode === 'indexed'
            ? INDEX_SETTINGS_SQL
            : `select set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', ?, true)`,
          [String(knowledgeConfig.hnswEfSearch), 'relaxed_order']
        )
      const { rows } = await rawQuery(trx, `explain ${mode === 'exact' ? EXACT_SQL : INDEXED_SQL}`, [
        params[0],
        searcher.workspaceId,
        model,
        params[0],
      ])
      return rows
        .map((row) => (row['QUERY PLAN'] as string).replace(/'\[[^\]]*\]'/g, "'[…]'"))
        .join('\n')
    })

  const efValues = [...new Set([knowledgeConfig.hnswEfSearch, ...options.efSearch])].sort(
    (a, b) => a - b
  )
  const indexBuilds: KnowledgeSearchDetails['indexBuilds'] = []
  const measured: SearchSetting[] = []
  const comparisons: Comparison[] = []
  let plans = { exact: '', indexed: '', planner: '' }
  let plannerUsesIndex = false
  const tenantShare = `${tenants[0].chunks.length.toLocaleString('en')} of ${totalChunks.toLocaleString('en')} chunks`

  for (const indexSpec of options.indexes) {
    const definition =
      indexSpec === 'plugin'
        ? pluginIndex
        : pluginIndex.replace(/WITH \(.*\)/i, () => {
            const [m, efConstruction] = indexSpec.split(':').map(Number)
            return `WITH (m='${m}', ef_construction='${efConstruction}')`
          })
    const label =
      indexSpec === 'plugin'
        ? `plugin index (${/WITH \((.*)\)/i.exec(pluginIndex)?.[1] ?? 'defaults'})`
        : `m=${indexSpec.split(':')[0]}, ef_construction=${indexSpec.split(':')[1]}`
    await admin.query('drop index if exists public.idx_knowledge_chunks_embedding')
    const buildStarted = performance.now()
    await admin.query(definition)
    const buildSeconds = (performance.now() - buildStarted) / 1000
    indexBuilds.push({ index: label, definition, seconds: buildSeconds })
    log(`  HNSW build ${label}: ${buildSeconds.toFixed(1)} s`)

    plans = {
      exact: await explain('exact'),
      indexed: await explain('indexed'),
      planner: await explain('planner'),
    }
    if (/idx_knowledge_chunks_embedding/.test(plans.exact))
      throw new Error(`the exact scan uses the HNSW index:\n${plans.exact}`)
    if (!/idx_knowledge_chunks_embedding/.test(plans.indexed))
      throw new Error(`the indexed search does not use the HNSW index:\n${plans.indexed}`)
    plannerUsesIndex = /idx_knowledge_chunks_embedding/.test(plans.planner)
    log(
      `  left to itself (enable_sort on), the planner ${plannerUsesIndex ? 'uses' : 'does NOT use'} the HNSW index for this query`
    )

    // Ground truth: the exact scan (deterministic; the first pass's rows).
    let truth: Hit[][] | undefined
    const settings = [
      ...efValues.map((efSearch) => ({ efSearch, iterativeScan: 'relaxed_order' as const })),
      { efSearch: knowledgeConfig.hnswEfSearch, iterativeScan: 'off' as const },
    ]
    const perSetting = settings.map(() => ({
      ms: [] as number[][],
      exactMs: [] as number[][],
      results: [] as Hit[][],
    }))
    for (let round = 0; round < options.rounds; round++) {
      const exactFirst = round % 2 === 0
      let exact = exactFirst ? await pass({ exact: true }) : undefined
      const indexed: Awaited<ReturnType<typeof pass>>[] = []
      for (const setting of settings) indexed.push(await pass({ exact: false, ...setting }))
      if (!exactFirst) exact = await pass({ exact: true })
      truth ??= exact!.results
      indexed.forEach((result, index) => {
        perSetting[index].ms.push(result.ms)
        perSetting[index].exactMs.push(exact!.ms)
        perSetting[index].results = result.results
      })
      log(
        `  round ${round + 1}: exact scan ${mean(exact!.ms).toFixed(2)} ms/query; ` +
          settings
            .map(
              (setting, index) =>
                `ef ${setting.efSearch}${setting.iterativeScan === 'off' ? ' no iterative scan' : ''} ${mean(indexed[index].ms).toFixed(2)}`
            )
            .join(', ')
      )
    }
    settings.forEach((setting, index) => {
      const data = perSetting[index]
      const recalls = data.results.map((found, query) => recallOf(truth![query], found))
      const group = (own: boolean) =>
        mean(recalls.filter((_recall, query) => queries[query].ownTenant === own))
      const timeRatios = data.ms.map(
        (ms, round) =>
          ms.reduce((a, b) => a + b, 0) / data.exactMs[round].reduce((a, b) => a + b, 0)
      )
      const entry: SearchSetting = {
        index: label,
        efSearch: setting.efSearch,
        iterativeScan: setting.iterativeScan,
        recall: mean(recalls),
        recallOwnTenantQueries: group(true),
        recallOtherTenantQueries: group(false),
        meanRows: mean(data.results.map((rows) => rows.length)),
        msPerQuery: data.ms.map(mean),
        exactMsPerQuery: data.exactMs.map(mean),
        timeRatios,
        p95Ms: percentile(data.ms.flat(), 95),
      }
      measured.push(entry)
      log(
        `  ${label}, ef_search ${setting.efSearch}, iterative scan ${setting.iterativeScan}: ` +
          `recall@10 ${entry.recall.toFixed(3)} (own-text queries ${entry.recallOwnTenantQueries.toFixed(3)}, ` +
          `other tenants' text ${entry.recallOtherTenantQueries.toFixed(3)}), ${entry.meanRows.toFixed(1)} rows, ` +
          `${median(entry.msPerQuery).toFixed(2)} ms/query vs exact ${median(entry.exactMsPerQuery).toFixed(2)} ms ` +
          `(ratio ${median(timeRatios).toFixed(3)})`
      )
      const name = `Knowledge search (${label}, ef_search ${setting.efSearch}${setting.iterativeScan === 'off' ? ', no iterative scan' : ''}${setting.efSearch === knowledgeConfig.hnswEfSearch && setting.iterativeScan !== 'off' ? ', plugin setting' : ''}) vs exact scan, tenant ${tenantShare}`
      const recallRounds = entry.msPerQuery.map(() => entry.recall)
      comparisons.push(
        compareRounds(
          name,
          'recall@10 (higher is better)',
          '',
          recallRounds,
          recallRounds.map(() => 1),
          { platform: `${entry.meanRows.toFixed(1)} rows/query`, baseline: 'exact' }
        ),
        compareRounds(
          name,
          'time per query (lower is better)',
          'ms',
          entry.msPerQuery,
          entry.exactMsPerQuery,
          { platform: `p95 ${entry.p95Ms.toFixed(1)} ms`, baseline: 'exact scan' }
        )
      )
    })
  }

  return {
    comparisons,
    details: {
      settings: {
        queries: options.queries,
        rounds: options.rounds,
        efSearch: efValues,
        indexes: options.indexes,
        otherTenants: options.otherTenants,
        seed: options.seed,
        pluginEfSearch: knowledgeConfig.hnswEfSearch,
      },
      corpus: {
        ...stats,
        chunksPerTenant: tenants.map((entry, index) => ({
          tenant: index === 0 ? 'searching' : `other ${index}`,
          chunkTokens: entry.layout.tokens,
          overlapTokens: entry.layout.overlap,
          chunks: entry.chunks.length,
        })),
        totalChunks,
      },
      queries: {
        total: queries.length,
        ownTenant: queries.filter((query) => query.ownTenant).length,
        byKind: {
          sentence: queries.filter((query) => query.kind === 'sentence').length,
          heading: queries.filter((query) => query.kind === 'heading').length,
          words: queries.filter((query) => query.kind === 'words').length,
        },
      },
      indexBuilds,
      plans,
      plannerUsesIndex,
      settingsMeasured: measured,
      loadSeconds,
    },
  }
}
