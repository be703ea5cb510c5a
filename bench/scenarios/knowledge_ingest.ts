import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadCorpus, type CorpusFile, type CorpusStats } from '../lib/knowledge_corpus.ts'
import {
  createTenant,
  issueToken,
  knowledgePlatform,
  resetKnowledgeTables,
  vectorBinary,
  type BenchTenant,
  type KnowledgePlatform,
} from '../lib/knowledge_platform.ts'
import { compareRounds, median, type Comparison } from '../lib/report.ts'

/** Settings of the knowledge ingestion scenario. */
export interface KnowledgeIngestOptions {
  dataDir: string
  /** Corpus files ingested per side and round (the first ones of the corpus order). */
  files: number
  /** Rounds, alternating which side goes first. */
  rounds: number
  /** Documents posted at once (requests in flight). */
  postConcurrency: number
  /** Vectors written per method in the vector-write comparison. */
  writeRows: number
}

/** One way of writing chunk vectors, and its rate. */
export interface VectorWriteResult {
  method: string
  rows: number
  /** Per round (rounds alternate the order of the methods). */
  seconds: number[]
  rowsPerSecond: number[]
}

/** Figures of one side in one round. */
export interface IngestRound {
  chunks: number
  documents: number
  seconds: number
  chunksPerSecond: number
  /** Platform only: time to post all documents (202s) and until every document is ready. */
  postSeconds?: number
  /** Bare loop only: seconds spent normalising + chunking, embedding, and writing rows. */
  phases?: { chunkSeconds: number; embedSeconds: number; writeSeconds: number }
}

/** Raw figures of the scenario, written to latest.json. */
export interface KnowledgeIngestDetails {
  settings: Omit<KnowledgeIngestOptions, 'dataDir'> & {
    chunkTokens: number
    overlapTokens: number
    embedBatchSize: number
    workerConcurrency: number
  }
  corpus: CorpusStats & { filesIngested: number; bytesIngested: number }
  vectorWrites: VectorWriteResult[]
  platform: IngestRound[]
  baseline: IngestRound[]
}

const DOCUMENT_TIMEOUT_MS = 600_000

/**
 * Ingestion throughput of the knowledge plugin with the local embedder, in
 * chunks per second:
 *
 * - platform: the real pipeline. Each corpus file is posted as text to
 *   `POST /v1/knowledge/documents` (loopback HTTP, bearer token, a few
 *   requests in flight); the platform's worker runs `knowledge/process_document`
 *   (normalise, chunk, insert chunks, enqueue embedding batches) and
 *   `knowledge/embed_chunks` (embed 96 chunks through the AI gateway, write the
 *   vectors, progress) and finishes each document (summary, `ready`). Timed from
 *   the first POST until every document is `ready`.
 * - baseline: a bare loop in this process doing the same chunk + embed +
 *   INSERT work directly over `pg` (superuser, no HTTP, no jobs, no RLS, no
 *   summary): the plugin's chunker, the same embedder in batches of 96
 *   (metered in a tenant transaction like the jobs), one document row and
 *   multi-row INSERTs of the chunks with their vectors in pgvector's binary
 *   format, into the same table with the same indexes.
 *
 * Both sides start from empty knowledge tables in each round. Before the
 * rounds, the same chunk vectors are written in several ways (text literal or
 * binary, one row or 96 per statement, insert-then-update as the pipeline
 * does, with and without the HNSW index) to find the fastest correct way and
 * what the index costs.
 */
export async function runKnowledgeIngest(
  options: KnowledgeIngestOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: KnowledgeIngestDetails }> {
  const platform = await knowledgePlatform(options.dataDir)
  const { default: knowledgeConfig } = await import('../../plugins/knowledge/knowledge_config.ts')
  const platformConfig = platform.booted.app.config.get<{ worker: { concurrency: number } }>(
    'platform'
  )
  const { files: allFiles, stats } = loadCorpus(
    new URL('../../node_modules', import.meta.url).pathname
  )
  const files = allFiles.slice(0, options.files)
  const bytesIngested = files.reduce((sum, file) => sum + file.bytes, 0)
  log(
    `corpus: ${files.length} of ${stats.files} files, ${(bytesIngested / 1024 / 1024).toFixed(2)} MB per side and round`
  )

  await resetKnowledgeTables(platform)
  const vectorWrites = await compareVectorWrites(platform, files, options.writeRows, log)

  await platform.booted.platform.startWorker()
  const platformRounds: IngestRound[] = []
  const baselineRounds: IngestRound[] = []
  for (let round = 0; round < options.rounds; round++) {
    const sides =
      round % 2 === 0 ? (['baseline', 'platform'] as const) : (['platform', 'baseline'] as const)
    for (const side of sides) {
      await resetKnowledgeTables(platform)
      const tenant = await createTenant(`ingest-${side}-${round}`)
      const result =
        side === 'platform'
          ? await ingestThroughPlatform(platform, tenant, files, options.postConcurrency)
          : await ingestBaseline(platform, tenant, files)
      ;(side === 'platform' ? platformRounds : baselineRounds).push(result)
    }
    const platformRound = platformRounds.at(-1)!
    const baselineRound = baselineRounds.at(-1)!
    log(
      `  round ${round + 1}: pipeline ${platformRound.chunks} chunks in ${platformRound.seconds.toFixed(1)} s ` +
        `(${platformRound.chunksPerSecond.toFixed(0)} chunks/s; posting took ${platformRound.postSeconds!.toFixed(1)} s), ` +
        `bare loop ${baselineRound.chunks} chunks in ${baselineRound.seconds.toFixed(1)} s (${baselineRound.chunksPerSecond.toFixed(0)} chunks/s: ` +
        `chunking ${baselineRound.phases!.chunkSeconds.toFixed(1)} s, embedding ${baselineRound.phases!.embedSeconds.toFixed(1)} s, ` +
        `writing ${baselineRound.phases!.writeSeconds.toFixed(1)} s)`
    )
  }
  await platform.booted.platform.jobs.stop()
  await resetKnowledgeTables(platform)

  const chunks = median(platformRounds.map((round) => round.chunks))
  const comparisons = [
    compareRounds(
      `Knowledge ingestion: ${files.length} npm README/docs files (${Math.round(chunks).toLocaleString('en')} chunks, local embedder) vs a bare chunk + embed + INSERT loop`,
      'throughput (higher is better)',
      'chunks/s',
      platformRounds.map((round) => round.chunksPerSecond),
      baselineRounds.map((round) => round.chunksPerSecond),
      {
        platform: 'POST /v1/knowledge/documents + jobs until ready',
        baseline: 'same chunker and embedder, binary multi-row INSERT over pg',
      }
    ),
  ]
  const reference = vectorWrites[0]
  for (const write of vectorWrites.slice(1)) {
    comparisons.push(
      compareRounds(
        `Vector writes (${write.rows} chunks, plugin indexes): ${write.method} vs the pipeline's insert, then UPDATE with text vectors`,
        'rows per second (higher is better)',
        'rows/s',
        write.rowsPerSecond,
        reference.rowsPerSecond
      )
    )
  }
  return {
    comparisons,
    details: {
      settings: {
        files: files.length,
        rounds: options.rounds,
        postConcurrency: options.postConcurrency,
        writeRows: options.writeRows,
        chunkTokens: knowledgeConfig.chunkTokens,
        overlapTokens: knowledgeConfig.overlapTokens,
        embedBatchSize: knowledgeConfig.embedBatchSize,
        workerConcurrency: platformConfig.worker.concurrency,
      },
      corpus: { ...stats, filesIngested: files.length, bytesIngested },
      vectorWrites,
      platform: platformRounds,
      baseline: baselineRounds,
    },
  }
}

/** A bucket of the tenant, created through the superuser pool (setup, not timed). */
async function insertBucket(platform: KnowledgePlatform, tenant: BenchTenant, name: string) {
  const { rows } = await platform.admin.query(
    `insert into public.knowledge_buckets (workspace_id, created_by, name, bucket_type)
     values ($1, $2, $3, 'general') returning id`,
    [tenant.workspaceId, tenant.userId, name]
  )
  return rows[0].id as string
}

/** The real pipeline: POST each file as a text document, wait until all are ready. */
async function ingestThroughPlatform(
  platform: KnowledgePlatform,
  tenant: BenchTenant,
  files: CorpusFile[],
  concurrency: number
): Promise<IngestRound> {
  const bucketId = await insertBucket(platform, tenant, 'npm docs (pipeline)')
  const token = await issueToken(tenant)
  const started = performance.now()
  let next = 0
  const post = async () => {
    while (next < files.length) {
      const file = files[next++]
      const response = await fetch(`${platform.baseUrl}/v1/knowledge/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({ bucket_id: bucketId, title: file.path, text: file.text }),
      })
      const body = await response.text()
      if (response.status !== 202)
        throw new Error(`POST /v1/knowledge/documents answered ${response.status}: ${body}`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, post))
  const postSeconds = (performance.now() - started) / 1000
  for (;;) {
    const { rows } = await platform.admin.query(
      `select count(*) filter (where status = 'processing')::int as processing,
              count(*) filter (where status = 'failed')::int as failed,
              max(processing_error) as error, coalesce(sum(chunk_count), 0)::int as chunks,
              count(*)::int as documents
         from public.knowledge_documents where workspace_id = $1`,
      [tenant.workspaceId]
    )
    const state = rows[0]
    if (state.failed) throw new Error(`${state.failed} documents failed: ${state.error}`)
    if (state.processing === 0 && state.documents === files.length) {
      const seconds = (performance.now() - started) / 1000
      const { rows: embedded } = await platform.admin.query(
        `select count(*)::int as n from public.knowledge_chunks where workspace_id = $1 and embedding is not null`,
        [tenant.workspaceId]
      )
      if (embedded[0].n !== state.chunks)
        throw new Error(`${state.chunks} chunks but ${embedded[0].n} embedded`)
      return {
        chunks: state.chunks,
        documents: state.documents,
        seconds,
        chunksPerSecond: state.chunks / seconds,
        postSeconds,
      }
    }
    if (performance.now() - started > DOCUMENT_TIMEOUT_MS)
      throw new Error(`ingestion did not finish within ${DOCUMENT_TIMEOUT_MS / 1000} s`)
    await sleep(20)
  }
}

/** INSERT … VALUES of `rows` chunk rows with vectors (binary Buffers or text literals). */
function chunkInsert(rows: unknown[][]) {
  const values: unknown[] = []
  const tuples = rows.map((row, index) => {
    values.push(...row)
    const base = index * 9
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8}::vector, $${base + 9}::jsonb)`
  })
  return {
    text: `insert into public.knowledge_chunks
      (workspace_id, document_id, bucket_id, chunk_index, content, content_hash, token_count, embedding, metadata)
      values ${tuples.join(', ')}`,
    values,
  }
}

/**
 * The bare loop: for each file, the plugin's normalisation and chunker, a
 * ready document row, the embedder in batches of embedBatchSize (in a tenant
 * transaction, metered like the jobs), and multi-row INSERTs with binary
 * vectors through the superuser pool. No HTTP, no jobs, no RLS, no summary.
 */
async function ingestBaseline(
  platform: KnowledgePlatform,
  tenant: BenchTenant,
  files: CorpusFile[]
): Promise<IngestRound> {
  const { withTenant } = await import('#core/tenancy/tenant_transaction')
  const { embedForKnowledge } =
    await import('../../plugins/knowledge/services/embedding_service.ts')
  const { chunkText } = await import('../../plugins/knowledge/services/chunker.ts')
  const { normalizeText } =
    await import('../../plugins/knowledge/services/extraction/text_extractor.ts')
  const { default: knowledgeConfig } = await import('../../plugins/knowledge/knowledge_config.ts')
  const bucketId = await insertBucket(platform, tenant, 'npm docs (bare loop)')
  const { admin } = platform
  const started = performance.now()
  const phases = { chunkSeconds: 0, embedSeconds: 0, writeSeconds: 0 }
  let mark = performance.now()
  /** Adds the time since the last mark to a phase. */
  const lap = (phase: keyof typeof phases) => {
    const now = performance.now()
    phases[phase] += (now - mark) / 1000
    mark = now
  }
  let total = 0
  for (const file of files) {
    const text = normalizeText(file.text)
    const chunks = chunkText(text, {
      chunkTokens: knowledgeConfig.chunkTokens,
      overlapTokens: knowledgeConfig.overlapTokens,
    })
    lap('chunkSeconds')
    const document = await admin.query(
      `insert into public.knowledge_documents
         (workspace_id, bucket_id, created_by, title, content, source_type, status, processing_stage,
          chunk_count, embedded_chunk_count, token_count, processed_at)
       values ($1, $2, $3, $4, $5, 'text', 'ready', 'done', $6, $6, $7, now()) returning id`,
      [
        tenant.workspaceId,
        bucketId,
        tenant.userId,
        file.path,
        text,
        chunks.length,
        chunks.reduce((sum, chunk) => sum + chunk.tokenCount, 0),
      ]
    )
    const documentId = document.rows[0].id as string
    lap('writeSeconds')
    const size = knowledgeConfig.embedBatchSize
    for (let offset = 0; offset < chunks.length; offset += size) {
      const batch = chunks.slice(offset, offset + size)
      const { vectors } = await withTenant(tenant, () =>
        embedForKnowledge(
          batch.map((chunk) => chunk.content),
          'knowledge.ingest'
        )
      )
      lap('embedSeconds')
      const insert = chunkInsert(
        batch.map((chunk, index) => [
          tenant.workspaceId,
          documentId,
          bucketId,
          offset + index,
          chunk.content,
          chunk.contentHash,
          chunk.tokenCount,
          vectorBinary(vectors[index]),
          JSON.stringify({ headings: chunk.headings, start: chunk.start, end: chunk.end }),
        ])
      )
      await admin.query(insert.text, insert.values)
      lap('writeSeconds')
    }
    total += chunks.length
  }
  const seconds = (performance.now() - started) / 1000
  const { rows } = await admin.query(
    `select count(*)::int as n from public.knowledge_chunks where workspace_id = $1 and embedding is not null`,
    [tenant.workspaceId]
  )
  if (rows[0].n !== total) throw new Error(`bare loop: ${total} chunks but ${rows[0].n} stored`)
  return {
    chunks: total,
    documents: files.length,
    seconds,
    chunksPerSecond: total / seconds,
    phases,
  }
}

/**
 * Writes the same `count` chunk vectors into knowledge_chunks in several ways
 * (each from an empty table with the plugin's indexes), checks that every
 * stored vector equals the float4 rounding of the embedder's, and returns
 * rows/s of each way.
 */
async function compareVectorWrites(
  platform: KnowledgePlatform,
  files: CorpusFile[],
  count: number,
  log: (message: string) => void
): Promise<VectorWriteResult[]> {
  const { withTenant } = await import('#core/tenancy/tenant_transaction')
  const { embedForKnowledge, vectorParam } =
    await import('../../plugins/knowledge/services/embedding_service.ts')
  const { chunkText } = await import('../../plugins/knowledge/services/chunker.ts')
  const { default: knowledgeConfig } = await import('../../plugins/knowledge/knowledge_config.ts')
  const { admin } = platform
  const contents: { content: string; hash: string; tokens: number }[] = []
  for (const file of files) {
    for (const chunk of chunkText(file.text, {
      chunkTokens: knowledgeConfig.chunkTokens,
      overlapTokens: knowledgeConfig.overlapTokens,
    })) {
      if (contents.length < count)
        contents.push({ content: chunk.content, hash: chunk.contentHash, tokens: chunk.tokenCount })
    }
    if (contents.length >= count) break
  }
  const tenant = await createTenant('vector-writes')
  const { vectors } = await withTenant(tenant, () =>
    embedForKnowledge(
      contents.map((chunk) => chunk.content),
      'knowledge.ingest'
    )
  )
  const batch = knowledgeConfig.embedBatchSize

  const setup = async () => {
    await admin.query('truncate public.knowledge_chunks cascade')
    const bucketId = await insertBucket(platform, tenant, `vectors ${Date.now()}-${Math.random()}`)
    const { rows } = await admin.query(
      `insert into public.knowledge_documents (workspace_id, bucket_id, created_by, title, source_type)
       values ($1, $2, $3, 'vectors', 'text') returning id`,
      [tenant.workspaceId, bucketId, tenant.userId]
    )
    return { bucketId, documentId: rows[0].id as string }
  }
  const row = (
    ids: { bucketId: string; documentId: string },
    index: number,
    vector: unknown
  ): unknown[] => [
    tenant.workspaceId,
    ids.documentId,
    ids.bucketId,
    index,
    contents[index].content,
    contents[index].hash,
    contents[index].tokens,
    vector,
    '{}',
  ]

  const methods: {
    name: string
    run: (ids: { bucketId: string; documentId: string }) => Promise<void>
  }[] = [
    {
      name: `pipeline: insert without vector, then UPDATE … from jsonb_to_recordset with text vectors (${batch} per statement)`,
      run: async (ids) => {
        const insert = chunkInsert(contents.map((_chunk, index) => row(ids, index, null)))
        await admin.query(insert.text, insert.values)
        const { rows } = await admin.query(
          'select id, chunk_index from public.knowledge_chunks where document_id = $1 order by chunk_index',
          [ids.documentId]
        )
        for (let offset = 0; offset < rows.length; offset += batch) {
          const slice = rows.slice(offset, offset + batch)
          await admin.query(
            `update public.knowledge_chunks c set embedding = v.embedding::vector, embedding_model = 'bench'
               from jsonb_to_recordset($1::jsonb) as v(id uuid, embedding text)
              where c.id = v.id and c.workspace_id = $2 and c.document_id = $3`,
            [
              JSON.stringify(
                slice.map((chunk) => ({
                  id: chunk.id,
                  embedding: vectorParam(vectors[chunk.chunk_index]),
                }))
              ),
              tenant.workspaceId,
              ids.documentId,
            ]
          )
        }
      },
    },
    {
      name: 'text literal, one row per INSERT',
      run: async (ids) => {
        for (const [index, vector] of vectors.entries()) {
          const insert = chunkInsert([row(ids, index, vectorParam(vector))])
          await admin.query(insert.text, insert.values)
        }
      },
    },
    {
      name: `text literal, ${batch} rows per INSERT`,
      run: async (ids) => {
        for (let offset = 0; offset < vectors.length; offset += batch) {
          const insert = chunkInsert(
            vectors
              .slice(offset, offset + batch)
              .map((vector, index) => row(ids, offset + index, vectorParam(vector)))
          )
          await admin.query(insert.text, insert.values)
        }
      },
    },
    {
      name: 'binary, one row per INSERT',
      run: async (ids) => {
        for (const [index, vector] of vectors.entries()) {
          const insert = chunkInsert([row(ids, index, vectorBinary(vector))])
          await admin.query(insert.text, insert.values)
        }
      },
    },
    {
      name: `binary, ${batch} rows per INSERT`,
      run: async (ids) => {
        for (let offset = 0; offset < vectors.length; offset += batch) {
          const insert = chunkInsert(
            vectors
              .slice(offset, offset + batch)
              .map((vector, index) => row(ids, offset + index, vectorBinary(vector)))
          )
          await admin.query(insert.text, insert.values)
        }
      },
    },
  ]

  const results = new Map<string, VectorWriteResult>()
  const measure = async (name: string, run: (typeof methods)[0]['run']) => {
    const ids = await setup()
    const started = performance.now()
    await run(ids)
    const seconds = (performance.now() - started) / 1000
    // Correctness: every vector stored equals the embedder's (float4) values.
    const { rows } = await admin.query(
      `select chunk_index, embedding::text as embedding from public.knowledge_chunks
        where document_id = $1 order by chunk_index`,
      [ids.documentId]
    )
    if (rows.length !== vectors.length) throw new Error(`${name}: ${rows.length} rows stored`)
    for (const stored of rows) {
      const expected = vectors[stored.chunk_index as number]
      const values = JSON.parse(stored.embedding as string) as number[]
      if (values.some((value, index) => Math.fround(value) !== Math.fround(expected[index])))
        throw new Error(`${name}: stored vector ${stored.chunk_index} differs from the embedder's`)
    }
    const result = results.get(name) ?? {
      method: name,
      rows: vectors.length,
      seconds: [],
      rowsPerSecond: [],
    }
    result.seconds.push(seconds)
    result.rowsPerSecond.push(vectors.length / seconds)
    results.set(name, result)
  }
  // Two rounds, the second in reverse order, so drift of a shared machine hits all methods alike.
  for (let round = 0; round < 2; round++) {
    for (const method of round === 0 ? methods : [...methods].reverse())
      await measure(method.name, method.run)
    // Without the HNSW index: what the index costs per row (binary batched, the pipeline's path).
    await admin.query('drop index public.idx_knowledge_chunks_embedding')
    try {
      await measure(`binary, ${batch} rows per INSERT, without the HNSW index`, methods[4].run)
      await measure(`pipeline's path without the HNSW index`, methods[0].run)
    } finally {
      await admin.query(platform.pluginIndex)
    }
  }
  for (const result of results.values())
    log(
      `  vector writes, ${result.method}: ${median(result.rowsPerSecond).toFixed(0)} rows/s ` +
        `(${result.rowsPerSecond.map((rate) => rate.toFixed(0)).join(', ')})`
    )
  await admin.query('truncate public.knowledge_chunks cascade')
  return [...results.values()]
}
