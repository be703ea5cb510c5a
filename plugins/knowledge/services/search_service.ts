import { randomUUID } from 'node:crypto'
import { rawQuery, isUuid, tenant } from '#sdk'
import knowledgeConfig from '../knowledge_config.js'
import { embedForKnowledge, vectorParam } from './embedding_service.js'
import { snippetOf } from './snippet.js'
import {
  candidateCount,
  EXACT_SCAN_MAX_CHUNKS,
  normalizeSearch,
  type NormalizedSearch,
  PREPARE_SQL,
  searchBindings,
  searchSql,
  type KnowledgeSearchParams,
} from './search_query.js'

export type { KnowledgeQueryEmbedding, KnowledgeSearchParams } from './search_query.js'

/** One ranked chunk of a search. */
export interface KnowledgeSearchHit {
  chunkId: string
  documentId: string
  bucketId: string
  bucketName: string
  documentTitle: string
  documentSummary: string | null
  chunkIndex: number
  content: string
  snippet: string
  /** Reciprocal rank fusion score: the sum of 1 / (60 + rank) over the legs that found the chunk. */
  score: number
  /** Cosine similarity to the query embedding; null without an embedding of the query's model. */
  similarity: number | null
  /** ts_rank_cd of the full-text leg; null when the chunk did not match the words. */
  textRank: number | null
  metadata: Record<string, unknown>
}

/** Raw row of searchSql(). */
interface HitRow {
  rank: string | number
  score: string | number
  similarity: number | null
  text_rank: number | null
  chunk_id: string
  document_id: string
  bucket_id: string
  bucket_name: string
  document_title: string
  document_summary: string | null
  chunk_index: number
  content: string
  metadata: Record<string, unknown>
}

/** pgvector's `hnsw.ef_search` for a search: the configured value, at least the candidate count (pgvector accepts 1..1000). */
function efSearch(limit: number) {
  return Math.min(1000, Math.max(knowledgeConfig.hnswEfSearch, candidateCount(limit), 1))
}

/**
 * Chunks in the vector leg's scope, up to EXACT_SCAN_MAX_CHUNKS + 1, and sets
 * `hnsw.ef_search` for the search. The option is transaction-local, so nothing
 * leaks to other requests on a pooled connection.
 */
async function scopeChunks(input: NormalizedSearch, workspaceId: string, model: string) {
  const prepared = await rawQuery<{ scope_chunks: number }>(tenant().trx, PREPARE_SQL, [
    String(efSearch(input.limit)),
    workspaceId,
    model,
    input.bucketIds,
    input.bucketIds,
    input.documentIds,
    input.documentIds,
    EXACT_SCAN_MAX_CHUNKS + 1,
  ])
  return prepared.rows[0].scope_chunks
}

/**
 * Hybrid search of the current workspace's knowledge chunks: vector
 * similarity (HNSW, cosine, only chunks embedded with the query's model) and
 * PostgreSQL full text (`websearch_to_tsquery`, `ts_rank_cd`), fused by
 * reciprocal rank. Runs in the current tenant transaction (tenant().trx), so
 * RLS applies on top of the workspace filter; logs every hit (or the empty
 * result) to knowledge_access_logs under a new search id. The query is
 * embedded first: a remote embedding provider answers with no transaction
 * open (the gateway releases it), and the search reads and logs in the new
 * one, so callers must not hold locks across it. As `app_anon` (an
 * embed key's widget, no user) RLS limits it to public buckets and nothing is
 * logged.
 */
export async function searchKnowledge(
  params: KnowledgeSearchParams
): Promise<{ searchId: string; hits: KnowledgeSearchHit[] }> {
  const input = normalizeSearch(params)
  const { workspaceId, userId, role } = tenant()
  if (!workspaceId) throw new Error('searchKnowledge needs a workspace')
  // Only a widget (app_anon: public buckets only, by RLS) searches without a user.
  if (!userId && role !== 'app_anon') throw new Error('searchKnowledge needs a user')

  let embedding: string | null = null
  let model: string | null = null
  if (input.mode !== 'text') {
    let embedded = params.queryEmbedding
    if (!embedded) {
      const result = await embedForKnowledge([input.query], 'knowledge.search')
      embedded = { vector: result.vectors[0], model: result.model }
    }
    // A zero vector (e.g. only stop words for the local embedder) has no direction: no vector leg.
    if (embedded.vector.some((value) => value !== 0)) {
      embedding = vectorParam(embedded.vector)
      model = embedded.model
    }
  }
  // Without a query embedding there is no vector leg: no scope to count, no index option to set.
  const exact =
    model === null || (await scopeChunks(input, workspaceId, model)) <= EXACT_SCAN_MAX_CHUNKS
  const searchId = randomUUID()
  const bindings = searchBindings(input, {
    workspaceId,
    userId: userId ?? null,
    searchId,
    embedding,
    model,
  })
  // tenant().trx, not one taken before: a remote query embedding released the first.
  const result = await rawQuery<HitRow>(tenant().trx, searchSql(exact, userId !== null), bindings)

  const hits = result.rows.map((row) => ({
    chunkId: row.chunk_id,
    documentId: row.document_id,
    bucketId: row.bucket_id,
    bucketName: row.bucket_name,
    documentTitle: row.document_title,
    documentSummary: row.document_summary,
    chunkIndex: row.chunk_index,
    content: row.content,
    snippet: snippetOf(row.content, input.query),
    score: Number(row.score),
    similarity: row.similarity === null ? null : Number(row.similarity),
    textRank: row.text_rank === null ? null : Number(row.text_rank),
    metadata: row.metadata ?? {},
  }))
  return { searchId, hits }
}

/**
 * Marks the access-log rows of those chunks, for that search, as used in a
 * response (the answers cite them). Only the caller's own rows are visible
 * (RLS), so another user's search id changes nothing.
 */
export async function markUsedInResponse(searchId: string, chunkIds: string[]): Promise<void> {
  if (!isUuid(searchId)) return
  const ids = chunkIds.filter((id) => isUuid(id))
  if (!ids.length) return
  const { trx, workspaceId, userId } = tenant()
  if (!userId) return
  await rawQuery(
    trx,
    `update public.knowledge_access_logs set used_in_response = true
      where workspace_id = ? and user_id = ? and search_id = ? and chunk_id = any(?::uuid[])`,
    [workspaceId, userId, searchId, ids]
  )
}
