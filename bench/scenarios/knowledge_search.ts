import { performance } from 'node:perf_hooks'
import {
  EXTENDED_CORPUS_OPTIONS,
  loadCorpus,
  queryFromChunk,
  seededRandom,
  type CorpusQuery,
  type CorpusStats,
  type QueryKind,
} from '../lib/knowledge_corpus.ts'
import {
  createTenant,
  issueToken,
  knowledgePlatform,
  loadTenantCorpus,
  resetKnowledgeTables,
  vectorBinary,
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
  /** Tenants besides the searched ones and the small one (up to 4), each holding corpus text chunked differently. */
  otherTenants: number
  /** Files of the small tenant (searched apart: a tenant whose exact scan is cheap). */
  smallFiles: number
  /**
   * Planner cost of pgvector's cosine_distance(vector, vector) during the run
   * (pgvector's own is 1); the value of a proposed fix, see the docs.
   */
  distanceCost?: number
  /** Seed of the query generator. */
  seed: number
}

/** One measured configuration of the index. */
export interface SearchSetting {
  index: string
  efSearch: number
  iterativeScan: 'relaxed_order' | 'off'
  /** The query vector bound in pgvector's binary format instead of the text literal. */
  binaryQuery: boolean
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
  corpus: {
    /** The README/docs selection (the corpus of earlier runs). */
    readmeDocs: CorpusStats
    /** The rest: other markdown files and the doc comments of the `.d.ts` files. */
    extended: CorpusStats
    chunksPerTenant: {
      tenant: string
      files: number
      chunkTokens: number
      overlapTokens: number
      chunks: number
    }[]
    totalChunks: number
  }
  indexBuilds: { index: string; definition: string; seconds: number }[]
  /** Each searched tenant (the large one and the README/docs one), with its own queries. */
  searched: {
    tenant: string
    chunks: number
    queries: { total: number; ownTenant: number; byKind: Record<QueryKind, number> }
    /** EXPLAIN of the first query (vector literal elided). */
    plans: { exact: string; indexed: string; planner: string }
    /** Whether the planner picks the HNSW index by itself (without enable_sort = off). */
    plannerUsesIndex: boolean
    settingsMeasured: SearchSetting[]
    /** The search service and route with the plugin's index (what users get). */
    service?: ServiceMeasure
  }[]
  /** A tenant of a few files: the index forced at the plugin's ef_search vs its exact scan. */
  smallTenant: {
    chunks: number
    queries: number
    plannerUsesIndex: boolean
    recall: number
    meanRows: number
    msPerQuery: number[]
    exactMsPerQuery: number[]
  }
  loadSeconds: number
}

/** searchKnowledge() and POST /v1/knowledge/search against the exact scan, same queries. */
export interface ServiceMeasure {
  /** Whether a service call scans the HNSW index (pg_stat_get_xact_numscans). */
  usesIndex: boolean
  plan: string
  /** searchKnowledge({ mode: 'vector', limit: 10 }) in a tenant transaction. */
  vectorRecall: number
  vectorMsPerQuery: number[]
  /** POST /v1/knowledge/search (hybrid, limit 10) over loopback HTTP. */
  routeMsPerQuery: number[]
  exactMsPerQuery: number[]
}

const K = 10
/** Distances closer than this count as ties (the 10th and 11th exact neighbours often tie). */
const TIE = 1e-6

const EXACT_SQL = `select c.id, c.embedding <=> ?::vector as distance
  from public.knowledge_chunks c
  where c.workspace_id = ? and c.embedding_model = ?
  order by distance
  limit ${K}`

/**
 * The vector leg as the search service runs it (relaxed_order may return rows
 * slightly out of order, hence the re-sort of the materialised top k).
 */
const INDEXED_SQL = `with candidates as materialized (
    select c.id, c.embedding <=> ?::vector as distance
    from public.knowledge_chunks c
    where c.workspace_id = ? and c.embedding_model = ?
    order by distance
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

/** How a measured setting differs from the service's way (empty when it does not). */
const variant = (setting: { iterativeScan: string; binaryQuery?: boolean }) =>
  (setting.iterativeScan === 'off' ? ', no iterative scan' : '') +
  (setting.binaryQuery ? ', binary query vector' : '')

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
    const ownTenant = others.length === 0 || queries.length % 3 !== 2
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
 * Data: the npm dependencies' README/docs files and their other markdown and
 * declaration-file doc comments, loaded into several tenants of one index (each
 * chunked with different sizes so their vectors differ). Two tenants are
 * searched, since the ratio depends on the tenant's size: a large one (every
 * file, 20,000+ chunks) and the README/docs one (about 6,000 chunks, the same
 * documents as part of the large one's).
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
  const { embedForKnowledge, vectorParam } =
    await import('../../plugins/knowledge/services/embedding_service.ts')
  const { default: knowledgeConfig } = await import('../../plugins/knowledge/knowledge_config.ts')

  const nodeModules = new URL('../../node_modules', import.meta.url).pathname
  const { files, stats } = loadCorpus(nodeModules)
  log(
    `corpus, README/docs: ${stats.files} files, ${(stats.bytes / 1024 / 1024).toFixed(1)} MB ` +
      `(${stats.candidates} candidates, ${stats.duplicates} duplicates, ${stats.tooSmall} too small, ${stats.truncated} cut)`
  )
  const extended = loadCorpus(nodeModules, EXTENDED_CORPUS_OPTIONS, true)
  log(
    `corpus, other markdown and .d.ts doc comments: ${extended.stats.files} files, ${(extended.stats.bytes / 1024 / 1024).toFixed(1)} MB ` +
      `(${extended.stats.candidates} candidates, ${extended.stats.duplicates} duplicates, ${extended.stats.tooSmall} too small, ${extended.stats.truncated} cut)`
  )

  // The plugin's index definition, dropped while loading and rebuilt after.
  await resetKnowledgeTables(platform)
  const { rows: costRows } = await admin.query(
    `select procost from pg_proc where oid = 'cosine_distance(vector, vector)'::regprocedure`
  )
  const pgvectorDistanceCost = Number(costRows[0].procost)
  if (options.distanceCost !== undefined) {
    await admin.query(
      `alter function cosine_distance(vector, vector) cost ${Number(options.distanceCost)}`
    )
    log(
      `  cosine_distance(vector, vector) planner cost set to ${options.distanceCost} for this run`
    )
  }
  try {
    return await measureAll()
  } finally {
    if (options.distanceCost !== undefined)
      await admin.query(
        `alter function cosine_distance(vector, vector) cost ${pgvectorDistanceCost}`
      )
  }

  async function measureAll() {
    const { pluginIndex } = platform
    await admin.query('drop index public.idx_knowledge_chunks_embedding')

    const pluginLayout = {
      tokens: knowledgeConfig.chunkTokens,
      overlap: knowledgeConfig.overlapTokens,
    }
    const allFiles = [...files, ...extended.files]
    // The searched tenants (plugin chunking): the large one holds every file, the
    // README/docs one the README/docs files, the same documents as the large
    // tenant's first part (the same files uploaded in two workspaces).
    const searchedLayouts = [
      { name: 'large', files: allFiles, layout: pluginLayout },
      { name: 'README/docs', files, layout: pluginLayout },
    ]
    // Other tenants: the README/docs files chunked smaller, every file chunked larger, …
    const otherLayouts = [
      { files, layout: { tokens: 200, overlap: 30 } },
      { files: allFiles, layout: { tokens: 800, overlap: 100 } },
      { files, layout: { tokens: 500, overlap: 80 } },
      { files: allFiles, layout: { tokens: 120, overlap: 20 } },
    ].slice(0, options.otherTenants)
    type Loaded = {
      name: string
      tenant: BenchTenant
      chunks: PreparedChunk[]
      layout: { tokens: number; overlap: number }
      files: number
    }
    const searchedTenants: Loaded[] = []
    for (const entry of searchedLayouts) {
      const tenant = await createTenant(entry.name === 'large' ? 'large' : 'readme')
      const { chunks } = await loadTenantCorpus(platform, tenant, entry.files, entry.layout)
      searchedTenants.push({
        name: entry.name,
        tenant,
        chunks,
        layout: entry.layout,
        files: entry.files.length,
      })
      log(
        `  tenant ${entry.name}: ${chunks.length} chunks (${entry.files.length} files, ${entry.layout.tokens}/${entry.layout.overlap} tokens)`
      )
    }
    const otherTenants: Loaded[] = []
    for (const [index, entry] of otherLayouts.entries()) {
      const tenant = await createTenant(`other${index + 1}`)
      const { chunks } = await loadTenantCorpus(platform, tenant, entry.files, entry.layout)
      otherTenants.push({
        name: `other ${index + 1}`,
        tenant,
        chunks,
        layout: entry.layout,
        files: entry.files.length,
      })
      log(
        `  tenant other ${index + 1}: ${chunks.length} chunks (${entry.files.length} files, ${entry.layout.tokens}/${entry.layout.overlap} tokens)`
      )
    }
    // A small tenant (a few files): where an exact scan is cheap and the index must skip most rows.
    const smallTenant = await createTenant('small')
    const small = await loadTenantCorpus(
      platform,
      smallTenant,
      files.slice(0, options.smallFiles),
      pluginLayout
    )
    log(`  tenant small: ${small.chunks.length} chunks (${options.smallFiles} files)`)
    await admin.query('vacuum analyze public.knowledge_chunks')
    const totalChunks =
      [...searchedTenants, ...otherTenants].reduce((sum, entry) => sum + entry.chunks.length, 0) +
      small.chunks.length
    const loadSeconds = (performance.now() - loadStarted) / 1000
    log(`  loaded ${totalChunks} chunks in ${loadSeconds.toFixed(0)} s`)

    /** A searched tenant with its queries (two thirds from its text, a third from the other tenants'). */
    const searched = []
    for (const [index, entry] of searchedTenants.entries()) {
      const queries = makeQueries(
        options.queries,
        options.seed + 2 * index,
        entry.chunks,
        otherTenants.flatMap((other) => other.chunks)
      )
      const { vectors } = await withTenant(entry.tenant, () =>
        embedForKnowledge(
          queries.map((query) => query.text),
          'knowledge.search'
        )
      )
      searched.push({
        ...entry,
        queries,
        params: vectors.map((vector) => vectorParam(vector)),
        // The same query vectors in pgvector's binary format (a variant of the plugin's setting).
        binary: vectors.map((vector) => vectorBinary(vector)),
        share: `${entry.chunks.length.toLocaleString('en')} of ${totalChunks.toLocaleString('en')} chunks`,
        truth: undefined as Hit[][] | undefined,
        plans: { exact: '', indexed: '', planner: '' },
        plannerUsesIndex: false,
        measured: [] as SearchSetting[],
      })
      log(
        `  tenant ${entry.name}: ${queries.length} queries (sentences, headings, word bags; a third from other tenants' text), ` +
          `holds ${((100 * entry.chunks.length) / totalChunks).toFixed(0)}% of the chunks`
      )
    }

    type Who = { tenant: BenchTenant; params: string[]; binary?: Buffer[] }

    /** Runs every query in one tenant transaction with the given settings; per-query ms and rows. */
    const pass = async (
      mode:
        | { exact: true }
        | {
            exact: false
            efSearch: number
            iterativeScan: 'relaxed_order' | 'off'
            binaryQuery?: boolean
          },
      who: Who
    ) =>
      withTenant(who.tenant, async ({ trx }) => {
        if (mode.exact) {
          await rawQuery(trx, 'set local enable_indexscan = off')
        } else {
          await rawQuery(trx, INDEX_SETTINGS_SQL, [String(mode.efSearch), mode.iterativeScan])
        }
        const sql = mode.exact ? EXACT_SQL : INDEXED_SQL
        const results: Hit[][] = []
        const ms: number[] = []
        for (const [index, param] of who.params.entries()) {
          const vector = !mode.exact && mode.binaryQuery ? who.binary![index] : param
          const started = performance.now()
          const { rows } = await rawQuery<Hit>(trx, sql, [vector, who.tenant.workspaceId, model])
          ms.push(performance.now() - started)
          results.push(rows)
        }
        return { results, ms }
      })

    /** The plan of the first query: exact, indexed (forced as measured), or the planner's own choice. */
    const explain = async (mode: 'exact' | 'indexed' | 'planner', who: Who) =>
      withTenant(who.tenant, async ({ trx }) => {
        if (mode === 'exact') await rawQuery(trx, 'set local enable_indexscan = off')
        else
          await rawQuery(
            trx,
            mode === 'indexed'
              ? INDEX_SETTINGS_SQL
              : `select set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', ?, true)`,
            [String(knowledgeConfig.hnswEfSearch), 'relaxed_order']
          )
        const { rows } = await rawQuery(
          trx,
          `explain ${mode === 'exact' ? EXACT_SQL : INDEXED_SQL}`,
          [who.params[0], who.tenant.workspaceId, model]
        )
        return rows
          .map((row) => (row['QUERY PLAN'] as string).replace(/'\[[^\]]*\]'/g, "'[…]'"))
          .join('\n')
      })

    const efValues = [...new Set([knowledgeConfig.hnswEfSearch, ...options.efSearch])].sort(
      (a, b) => a - b
    )
    const indexBuilds: KnowledgeSearchDetails['indexBuilds'] = []
    const comparisons: Comparison[] = []

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

      for (const target of searched) {
        const who: Who = target
        target.plans = {
          exact: await explain('exact', who),
          indexed: await explain('indexed', who),
          planner: await explain('planner', who),
        }
        if (/idx_knowledge_chunks_embedding/.test(target.plans.exact))
          throw new Error(`the exact scan uses the HNSW index:\n${target.plans.exact}`)
        if (!/idx_knowledge_chunks_embedding/.test(target.plans.indexed))
          throw new Error(
            `the indexed search does not use the HNSW index:\n${target.plans.indexed}`
          )
        target.plannerUsesIndex = /idx_knowledge_chunks_embedding/.test(target.plans.planner)
        log(
          `  tenant ${target.name} (${target.share}): left to itself (enable_sort on), the planner ${target.plannerUsesIndex ? 'uses' : 'does NOT use'} the HNSW index for this query`
        )

        // Ground truth: the exact scan (deterministic; the first pass's rows).
        const settings: {
          efSearch: number
          iterativeScan: 'relaxed_order' | 'off'
          binaryQuery?: boolean
        }[] = [
          ...efValues.map((efSearch) => ({ efSearch, iterativeScan: 'relaxed_order' as const })),
          { efSearch: knowledgeConfig.hnswEfSearch, iterativeScan: 'off' as const },
          {
            efSearch: knowledgeConfig.hnswEfSearch,
            iterativeScan: 'relaxed_order' as const,
            binaryQuery: true,
          },
        ]
        const perSetting = settings.map(() => ({
          ms: [] as number[][],
          exactMs: [] as number[][],
          results: [] as Hit[][],
        }))
        for (let round = 0; round < options.rounds; round++) {
          const exactFirst = round % 2 === 0
          let exact = exactFirst ? await pass({ exact: true }, who) : undefined
          const indexed: Awaited<ReturnType<typeof pass>>[] = []
          for (const setting of settings)
            indexed.push(await pass({ exact: false, ...setting }, who))
          if (!exactFirst) exact = await pass({ exact: true }, who)
          target.truth ??= exact!.results
          indexed.forEach((result, index) => {
            perSetting[index].ms.push(result.ms)
            perSetting[index].exactMs.push(exact!.ms)
            perSetting[index].results = result.results
          })
          log(
            `  ${target.name}, round ${round + 1}: exact scan ${mean(exact!.ms).toFixed(2)} ms/query; ` +
              settings
                .map(
                  (setting, index) =>
                    `ef ${setting.efSearch}${variant(setting)} ${mean(indexed[index].ms).toFixed(2)}`
                )
                .join(', ')
          )
        }
        const truth = target.truth!
        settings.forEach((setting, index) => {
          const data = perSetting[index]
          const recalls = data.results.map((found, query) => recallOf(truth[query], found))
          const group = (own: boolean) =>
            mean(recalls.filter((_recall, query) => target.queries[query].ownTenant === own))
          const timeRatios = data.ms.map(
            (ms, round) =>
              ms.reduce((a, b) => a + b, 0) / data.exactMs[round].reduce((a, b) => a + b, 0)
          )
          const entry: SearchSetting = {
            index: label,
            efSearch: setting.efSearch,
            iterativeScan: setting.iterativeScan,
            binaryQuery: Boolean(setting.binaryQuery),
            recall: mean(recalls),
            recallOwnTenantQueries: group(true),
            recallOtherTenantQueries: group(false),
            meanRows: mean(data.results.map((rows) => rows.length)),
            msPerQuery: data.ms.map(mean),
            exactMsPerQuery: data.exactMs.map(mean),
            timeRatios,
            p95Ms: percentile(data.ms.flat(), 95),
          }
          target.measured.push(entry)
          log(
            `  ${target.name}: ${label}, ef_search ${setting.efSearch}, iterative scan ${setting.iterativeScan}${variant(setting)}: ` +
              `recall@10 ${entry.recall.toFixed(3)} (own-text queries ${entry.recallOwnTenantQueries.toFixed(3)}, ` +
              `other tenants' text ${entry.recallOtherTenantQueries.toFixed(3)}), ${entry.meanRows.toFixed(1)} rows, ` +
              `${median(entry.msPerQuery).toFixed(2)} ms/query vs exact ${median(entry.exactMsPerQuery).toFixed(2)} ms ` +
              `(ratio ${median(timeRatios).toFixed(3)})`
          )
          const name = `Knowledge search (${label}, ef_search ${setting.efSearch}${variant(setting)}${setting.efSearch === knowledgeConfig.hnswEfSearch && !variant(setting) ? ', plugin setting' : ''}) vs exact scan, ${target.name} tenant ${target.share}`
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
    }

    // The search service and route, with the plugin's own index back in place (rebuilt only
    // when the last build measured was another one: a build of this table takes minutes).
    if (options.indexes.at(-1) !== 'plugin') {
      await admin.query('drop index if exists public.idx_knowledge_chunks_embedding')
      await admin.query(pluginIndex)
    }
    await admin.query('analyze public.knowledge_chunks')
    const services: (ServiceMeasure & { tenant: string })[] = []
    for (const target of searched) {
      log(`  tenant ${target.name}: search service and route`)
      const service = await measureService({
        platform,
        searcher: target.tenant,
        queries: target.queries,
        params: target.params,
        model,
        truth: target.truth!,
        rounds: options.rounds,
        exactPass: async () => {
          const exact = await pass({ exact: true }, target)
          return exact.ms
        },
        log,
      })
      services.push({ tenant: target.name, ...service })
      const serviceName = `Knowledge search service (plugin index, KNOWLEDGE_HNSW_EF_SEARCH ${knowledgeConfig.hnswEfSearch}) vs exact scan, ${target.name} tenant ${target.share}`
      comparisons.push(
        compareRounds(
          serviceName,
          'recall@10, searchKnowledge vector mode (higher is better)',
          '',
          service.vectorMsPerQuery.map(() => service.vectorRecall),
          service.vectorMsPerQuery.map(() => 1),
          {
            platform: service.usesIndex ? 'HNSW index scan' : 'exact scan, no index scan',
            baseline: 'exact',
          }
        ),
        compareRounds(
          serviceName,
          'time per query, searchKnowledge vector mode (lower is better)',
          'ms',
          service.vectorMsPerQuery,
          service.exactMsPerQuery,
          {
            platform: 'embed + search + access log, own transaction',
            baseline: 'exact scan statement',
          }
        ),
        compareRounds(
          serviceName,
          'time per request, POST /v1/knowledge/search hybrid (lower is better)',
          'ms',
          service.routeMsPerQuery,
          service.exactMsPerQuery,
          { platform: 'loopback HTTP, both legs, RRF', baseline: 'exact scan statement' }
        )
      )
    }

    // The small tenant: exact scan against the index forced at the plugin's settings.
    const smallQueries = makeQueries(
      Math.max(30, Math.round(options.queries / 2)),
      options.seed + 1,
      small.chunks,
      []
    )
    const smallVectors = await withTenant(smallTenant, () =>
      embedForKnowledge(
        smallQueries.map((query) => query.text),
        'knowledge.search'
      )
    )
    const smallWho = { tenant: smallTenant, params: smallVectors.vectors.map(vectorParam) }
    const smallPlannerUsesIndex = /idx_knowledge_chunks_embedding/.test(
      await explain('planner', smallWho)
    )
    const smallIndexed = { ms: [] as number[], exactMs: [] as number[], recall: 0, rows: 0 }
    let smallTruth: Hit[][] | undefined
    for (let round = 0; round < options.rounds; round++) {
      const setting = {
        exact: false as const,
        efSearch: knowledgeConfig.hnswEfSearch,
        iterativeScan: 'relaxed_order' as const,
      }
      const first =
        round % 2 === 0 ? await pass({ exact: true }, smallWho) : await pass(setting, smallWho)
      const second =
        round % 2 === 0 ? await pass(setting, smallWho) : await pass({ exact: true }, smallWho)
      const [exact, indexed] = round % 2 === 0 ? [first, second] : [second, first]
      smallTruth ??= exact.results
      smallIndexed.ms.push(mean(indexed.ms))
      smallIndexed.exactMs.push(mean(exact.ms))
      smallIndexed.recall = mean(
        indexed.results.map((found, query) => recallOf(smallTruth![query], found))
      )
      smallIndexed.rows = mean(indexed.results.map((rows) => rows.length))
    }
    log(
      `  small tenant (${small.chunks.length} chunks): planner ${smallPlannerUsesIndex ? 'uses' : 'skips'} the index; ` +
        `index forced at ef_search ${knowledgeConfig.hnswEfSearch}: recall@10 ${smallIndexed.recall.toFixed(3)}, ${smallIndexed.rows.toFixed(1)} rows, ` +
        `${median(smallIndexed.ms).toFixed(2)} ms/query vs exact ${median(smallIndexed.exactMs).toFixed(2)} ms`
    )
    const smallName = `Knowledge search, small tenant (${small.chunks.length} of ${totalChunks.toLocaleString('en')} chunks): HNSW forced (plugin index, ef_search ${knowledgeConfig.hnswEfSearch}) vs exact scan`
    comparisons.push(
      compareRounds(
        smallName,
        'recall@10 (higher is better)',
        '',
        smallIndexed.ms.map(() => smallIndexed.recall),
        smallIndexed.ms.map(() => 1),
        { platform: `${smallIndexed.rows.toFixed(1)} rows/query`, baseline: 'exact' }
      ),
      compareRounds(
        smallName,
        'time per query (lower is better)',
        'ms',
        smallIndexed.ms,
        smallIndexed.exactMs,
        {
          platform: smallPlannerUsesIndex
            ? 'planner would use it too'
            : 'planner would scan instead',
          baseline: 'exact scan',
        }
      )
    )

    const byKind = (queries: CorpusQuery[]) => ({
      sentence: queries.filter((query) => query.kind === 'sentence').length,
      heading: queries.filter((query) => query.kind === 'heading').length,
      words: queries.filter((query) => query.kind === 'words').length,
    })
    return {
      comparisons,
      details: {
        settings: {
          queries: options.queries,
          rounds: options.rounds,
          efSearch: efValues,
          indexes: options.indexes,
          otherTenants: options.otherTenants,
          smallFiles: options.smallFiles,
          distanceCost: options.distanceCost ?? pgvectorDistanceCost,
          seed: options.seed,
          pluginEfSearch: knowledgeConfig.hnswEfSearch,
        },
        corpus: {
          readmeDocs: stats,
          extended: extended.stats,
          chunksPerTenant: [...searchedTenants, ...otherTenants].map((entry) => ({
            tenant: entry.name,
            files: entry.files,
            chunkTokens: entry.layout.tokens,
            overlapTokens: entry.layout.overlap,
            chunks: entry.chunks.length,
          })),
          totalChunks,
        },
        indexBuilds,
        searched: searched.map((target) => ({
          tenant: target.name,
          chunks: target.chunks.length,
          queries: {
            total: target.queries.length,
            ownTenant: target.queries.filter((query) => query.ownTenant).length,
            byKind: byKind(target.queries),
          },
          plans: target.plans,
          plannerUsesIndex: target.plannerUsesIndex,
          settingsMeasured: target.measured,
          service: services.find((service) => service.tenant === target.name),
        })),
        smallTenant: {
          chunks: small.chunks.length,
          queries: smallQueries.length,
          plannerUsesIndex: smallPlannerUsesIndex,
          recall: smallIndexed.recall,
          meanRows: smallIndexed.ms.length ? smallIndexed.rows : 0,
          msPerQuery: smallIndexed.ms,
          exactMsPerQuery: smallIndexed.exactMs,
        },
        loadSeconds,
      },
    }
  }
}

/**
 * The platform's own search with the plugin's index and settings: the
 * service's path (does a call scan the HNSW index?),
 * recall@10 of searchKnowledge in vector mode against the exact top 10, and
 * the time of a service call (own tenant transaction: embed the query, search,
 * write the access log) and of POST /v1/knowledge/search (hybrid, over
 * loopback HTTP), each round next to an exact-scan pass.
 */
async function measureService(input: {
  platform: Awaited<ReturnType<typeof knowledgePlatform>>
  searcher: BenchTenant
  queries: CorpusQuery[]
  params: string[]
  model: string
  truth: Hit[][]
  rounds: number
  exactPass: () => Promise<number[]>
  log: (message: string) => void
}): Promise<ServiceMeasure> {
  const { platform, searcher, queries, truth, log } = input
  const { withTenant } = await import('#core/tenancy/tenant_transaction')
  const { rawQuery } = await import('#core/database/raw_query')
  const { searchKnowledge } = await import('../../plugins/knowledge/services/search_service.ts')

  // Which path the service takes: HNSW index scans counted in the call's transaction.
  const indexScans = await withTenant(searcher, async ({ trx }) => {
    const count = async () => {
      const { rows } = await rawQuery(
        trx,
        `select pg_stat_get_xact_numscans('public.idx_knowledge_chunks_embedding'::regclass)::int as n`
      )
      return rows[0].n as number
    }
    const before = await count()
    await searchKnowledge({ query: queries[0].text, mode: 'vector', limit: K, agentType: 'bench' })
    return (await count()) - before
  })
  const usesIndex = indexScans > 0
  const plan = `HNSW index scans during one searchKnowledge({ mode: 'vector' }) call: ${indexScans}`
  log(`  search service: ${usesIndex ? 'uses' : 'does NOT use'} the HNSW index (${plan})`)

  const token = await issueToken(searcher)
  const vectorMsPerQuery: number[] = []
  const routeMsPerQuery: number[] = []
  const exactMsPerQuery: number[] = []
  let recalls: number[] = []
  for (let round = 0; round < input.rounds; round++) {
    const exactFirst = round % 2 === 0
    let exact = exactFirst ? await input.exactPass() : undefined
    const serviceMs: number[] = []
    recalls = []
    for (const [index, query] of queries.entries()) {
      const started = performance.now()
      const { hits } = await withTenant(searcher, () =>
        searchKnowledge({ query: query.text, mode: 'vector', limit: K, agentType: 'bench' })
      )
      serviceMs.push(performance.now() - started)
      recalls.push(
        recallOf(
          truth[index],
          hits.map((hit) => ({ id: hit.chunkId, distance: 1 - (hit.similarity ?? 0) }))
        )
      )
    }
    const routeMs: number[] = []
    for (const query of queries) {
      const started = performance.now()
      const response = await fetch(`${platform.baseUrl}/v1/knowledge/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({ query: query.text, limit: K }),
      })
      const body = await response.text()
      routeMs.push(performance.now() - started)
      if (response.status !== 200)
        throw new Error(`POST /v1/knowledge/search answered ${response.status}: ${body}`)
    }
    if (!exactFirst) exact = await input.exactPass()
    vectorMsPerQuery.push(mean(serviceMs))
    routeMsPerQuery.push(mean(routeMs))
    exactMsPerQuery.push(mean(exact!))
    log(
      `  round ${round + 1}: searchKnowledge (vector) ${mean(serviceMs).toFixed(2)} ms/query, ` +
        `POST /v1/knowledge/search (hybrid) ${mean(routeMs).toFixed(2)} ms, exact scan ${mean(exact!).toFixed(2)} ms`
    )
  }
  const vectorRecall = mean(recalls)
  log(`  searchKnowledge (vector mode) recall@10 ${vectorRecall.toFixed(3)}`)
  return {
    usesIndex,
    plan,
    vectorRecall,
    vectorMsPerQuery,
    routeMsPerQuery,
    exactMsPerQuery,
  }
}
