import { Problem } from '#core/http/problem'
import type { Binding } from '#core/database/raw_query'
import type { KnowledgeSearchParams } from './search_service.js'

/** Reciprocal rank fusion constant (Cormack et al. 2009): damps the weight of the first ranks. */
export const RRF_K = 60

/** Bounds of `limit`, shared with the HTTP validator. */
export const SEARCH_LIMITS = { min: 1, max: 50, default: 10 } as const

/** Longest accepted query text (characters). */
export const MAX_QUERY_CHARS = 1000

/** Candidates each leg contributes to the fusion for a search returning `limit` hits. */
export function candidateCount(limit: number) {
  return Math.max(limit * 4, 40)
}

/** A UUID in its canonical text form. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const AGENT_TYPE = /^[a-z][a-z0-9_-]{0,49}$/

function checkIds(field: string, ids: string[] | undefined) {
  if (ids === undefined) return null
  if (ids.length > 100) throw Problem.invalidField(field, `${field} accepts at most 100 ids`)
  if (!ids.every((id) => UUID.test(id))) {
    throw Problem.invalidField(field, `${field} must contain UUIDs`)
  }
  return ids
}

/** Search parameters with defaults applied, or a 422 naming the bad one. */
export function normalizeSearch(params: KnowledgeSearchParams) {
  const query = params.query.trim()
  if (!query) throw Problem.invalidField('query', 'query must not be empty')
  if (query.length > MAX_QUERY_CHARS) {
    throw Problem.invalidField('query', `query must be at most ${MAX_QUERY_CHARS} characters`)
  }
  const limit = params.limit ?? SEARCH_LIMITS.default
  if (!Number.isInteger(limit) || limit < SEARCH_LIMITS.min || limit > SEARCH_LIMITS.max) {
    throw Problem.invalidField('limit', `limit must be an integer from 1 to ${SEARCH_LIMITS.max}`)
  }
  const threshold = params.threshold ?? 0
  if (!(threshold >= 0 && threshold <= 1)) {
    throw Problem.invalidField('threshold', 'threshold must be between 0 and 1')
  }
  const agentType = params.agentType ?? 'search'
  if (!AGENT_TYPE.test(agentType)) throw new Error(`Invalid knowledge agent type "${agentType}"`)
  if (params.campaignId !== undefined && !UUID.test(params.campaignId)) {
    throw Problem.invalidField('campaign_id', 'campaign_id must be a UUID')
  }
  return {
    query,
    limit,
    threshold,
    agentType,
    mode: params.mode ?? 'hybrid',
    bucketType: params.bucketType ?? null,
    campaignId: params.campaignId ?? null,
    bucketIds: checkIds('bucket_ids', params.bucketIds),
    documentIds: checkIds('document_ids', params.documentIds),
  }
}

/**
 * The search as one statement: the vector leg (HNSW cosine, iterative scan,
 * re-sorted because `relaxed_order` may return neighbours slightly out of
 * order) and the full-text leg each rank their top candidates among the
 * caller's chunks; reciprocal rank fusion orders the union; the top hits are
 * joined to their document and bucket and written to knowledge_access_logs in
 * the same statement (one row per hit, or one row without a chunk).
 *
 * Both legs filter on workspace_id besides RLS, and on the optional bucket,
 * campaign and document filters. Bucket type and campaign become a list of
 * bucket ids computed once (an InitPlan), so the vector leg stays an ordered
 * index scan with plain filters.
 */
export const SEARCH_SQL = `
with scope as (
  select ?::uuid as workspace_id, ?::text as bucket_type, ?::uuid as campaign_id,
    ?::uuid[] as bucket_ids, ?::uuid[] as document_ids,
    ?::vector as embedding, ?::text as model, ?::double precision as threshold
),
vector_candidates as materialized (
  select c.id, c.embedding <=> (select embedding from scope) as distance
  from public.knowledge_chunks c
  where c.workspace_id = (select workspace_id from scope)
    and c.embedding_model = (select model from scope)
    and ((select bucket_ids from scope) is null or c.bucket_id = any ((select bucket_ids from scope)::uuid[]))
    and ((select document_ids from scope) is null or c.document_id = any ((select document_ids from scope)::uuid[]))
    and ((select bucket_type from scope) is null and (select campaign_id from scope) is null
      or c.bucket_id = any (array(
        select b.id from public.knowledge_buckets b
        where b.workspace_id = (select workspace_id from scope)
          and ((select bucket_type from scope) is null or b.bucket_type = (select bucket_type from scope))
          and ((select campaign_id from scope) is null or b.campaign_id = (select campaign_id from scope))
      )))
  order by distance
  limit ?
),
vector_leg as (
  select id, 1 - distance as similarity, row_number() over (order by distance, id) as rank
  from vector_candidates
  where 1 - distance > 0 and 1 - distance >= (select threshold from scope)
),
text_candidates as materialized (
  select c.id, ts_rank_cd(c.search_vector, q.query, 1) as text_rank,
    case when c.embedding_model = (select model from scope)
      then 1 - (c.embedding <=> (select embedding from scope)) end as similarity
  from public.knowledge_chunks c, websearch_to_tsquery('english', ?) as q (query)
  where ?::boolean
    and c.workspace_id = (select workspace_id from scope)
    and c.search_vector @@ q.query
    and ((select bucket_ids from scope) is null or c.bucket_id = any ((select bucket_ids from scope)::uuid[]))
    and ((select document_ids from scope) is null or c.document_id = any ((select document_ids from scope)::uuid[]))
    and ((select bucket_type from scope) is null and (select campaign_id from scope) is null
      or c.bucket_id = any (array(
        select b.id from public.knowledge_buckets b
        where b.workspace_id = (select workspace_id from scope)
          and ((select bucket_type from scope) is null or b.bucket_type = (select bucket_type from scope))
          and ((select campaign_id from scope) is null or b.campaign_id = (select campaign_id from scope))
      )))
  order by text_rank desc, c.id
  limit ?
),
text_leg as (
  select id, text_rank, similarity, row_number() over (order by text_rank desc, id) as rank
  from text_candidates
  where (select threshold from scope) = 0 or similarity >= (select threshold from scope)
),
fused as (
  select coalesce(v.id, t.id) as id,
    coalesce(1.0 / (${RRF_K} + v.rank), 0) + coalesce(1.0 / (${RRF_K} + t.rank), 0) as score,
    coalesce(v.similarity, t.similarity) as similarity,
    t.text_rank
  from vector_leg v
  full join text_leg t on t.id = v.id
),
top as (
  select f.*, row_number() over (
      order by f.score desc, f.similarity desc nulls last, f.text_rank desc nulls last, f.id
    ) as rank
  from fused f
  order by rank
  limit ?
),
hits as (
  select top.rank, top.score, top.similarity, top.text_rank,
    c.id as chunk_id, c.document_id, c.bucket_id, b.name as bucket_name,
    d.title as document_title, d.summary as document_summary, c.chunk_index, c.content, c.metadata
  from top
  join public.knowledge_chunks c on c.id = top.id
  join public.knowledge_documents d on d.workspace_id = c.workspace_id and d.id = c.document_id
  join public.knowledge_buckets b on b.workspace_id = c.workspace_id and b.id = c.bucket_id
),
logged as (
  insert into public.knowledge_access_logs
    (workspace_id, search_id, bucket_id, document_id, chunk_id, agent_type, query_text,
     similarity_score, rank, user_id)
  select (select workspace_id from scope), ?::uuid, h.bucket_id, h.document_id, h.chunk_id, ?, ?,
    h.similarity, h.rank, ?::uuid
  from hits h
  union all
  select (select workspace_id from scope), ?::uuid, null, null, null, ?, ?, null, null, ?::uuid
  where not exists (select 1 from hits)
)
select * from hits order by rank
`

/** A normalized search (see normalizeSearch). */
export type NormalizedSearch = ReturnType<typeof normalizeSearch>

/**
 * The bindings of SEARCH_SQL for a search by `userId` in `workspaceId`, with
 * the query embedding (null in text mode) and the new search id.
 */
export function searchBindings(
  input: NormalizedSearch,
  context: {
    workspaceId: string
    userId: string
    searchId: string
    embedding: string | null
    model: string | null
  }
): Binding[] {
  const candidates = candidateCount(input.limit)
  const { workspaceId, userId, searchId, embedding, model } = context
  return [
    workspaceId,
    input.bucketType,
    input.campaignId,
    input.bucketIds,
    input.documentIds,
    embedding,
    model,
    // Text mode does not embed the query: no similarity, so no threshold.
    input.mode === 'text' ? 0 : input.threshold,
    input.mode === 'text' ? 0 : candidates,
    input.query,
    input.mode !== 'vector',
    candidates,
    input.limit,
    searchId,
    input.agentType,
    input.query,
    userId,
    searchId,
    input.agentType,
    input.query,
    userId,
  ]
}
