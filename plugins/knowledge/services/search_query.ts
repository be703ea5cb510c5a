import { Problem, type Binding, isUuid } from '#sdk'

/** One text's knowledge embedding and its `provider:model`. */
export interface KnowledgeQueryEmbedding {
  vector: number[]
  model: string
}

/** What to search and where (see docs/guide/knowledge-search.md). */
export interface KnowledgeSearchParams {
  /** 1..4000 characters after trimming (the HTTP route allows 1000). */
  query: string
  bucketType?: 'campaign' | 'general'
  campaignId?: string
  /** Filters; absent or empty means no filter. Ids of nothing visible match nothing. */
  bucketIds?: string[]
  documentIds?: string[]
  /** 1..50, default 10. */
  limit?: number
  /** 0..1, default 0: minimum cosine similarity of a hit (vector and hybrid modes). */
  threshold?: number
  mode?: 'hybrid' | 'vector' | 'text'
  /** Written to knowledge_access_logs.agent_type ('search', 'answer', ...). */
  agentType?: string
  /** The query's embedding from embedForKnowledge, when the caller has it: not computed again. */
  queryEmbedding?: KnowledgeQueryEmbedding
}

/** Reciprocal rank fusion constant (Cormack et al. 2009): damps the weight of the first ranks. */
const RRF_K = 60

/** Bounds of `limit`, shared with the HTTP validator. */
export const SEARCH_LIMITS = { min: 1, max: 50, default: 10 } as const

/** Longest query text of POST /v1/knowledge/search (characters). */
export const MAX_QUERY_CHARS = 1000

/**
 * Longest query text the service accepts (the access log's limit), for
 * callers such as the answers that search with a whole question.
 */
const MAX_SERVICE_QUERY_CHARS = 4000

/** Candidates each leg contributes to the fusion for a search returning `limit` hits. */
export function candidateCount(limit: number) {
  return Math.max(limit * 4, 40)
}

/**
 * Scopes (chunks of the workspace with the query's embedding model, within the
 * bucket and document filters) of at most this many chunks are searched
 * exactly instead of through the HNSW index: exact top-k whatever the index's
 * graph looks like (an approximate index can miss a few neighbours, more so
 * among near-duplicates of other tenants), at the cost of reading at most this
 * many vectors (a few ms natively, about 25 ms in the embedded database).
 */
export const EXACT_SCAN_MAX_CHUNKS = 2000

/**
 * Counts the chunks of the search's vector scope (workspace, model, bucket and
 * document ids; the bucket type and campaign filters are left out, so this is
 * an upper bound), up to EXACT_SCAN_MAX_CHUNKS + 1, and sets the
 * transaction-local `hnsw.ef_search`, in one round trip (`hnsw.iterative_scan`
 * is a SET clause of `knowledge_nearest_chunks`). Bindings: ef_search,
 * workspace id, model, bucket ids, document ids, the count bound.
 */
export const PREPARE_SQL = `select set_config('hnsw.ef_search', ?, true),
  (select count(*) from (
    select 1 from public.knowledge_chunks c
    where c.workspace_id = ? and c.embedding_model = ?
      and (?::uuid[] is null or c.bucket_id = any (?::uuid[]))
      and (?::uuid[] is null or c.document_id = any (?::uuid[]))
    limit ?
  ) scope)::int as scope_chunks`

const AGENT_TYPE = /^[a-z][a-z0-9_-]{0,49}$/

/** An id filter: null (no filter) when absent or empty, like a conversation's `bucket_ids`. */
function checkIds(field: string, ids: string[] | undefined) {
  if (ids === undefined || ids.length === 0) return null
  if (ids.length > 100) throw Problem.invalidField(field, `${field} accepts at most 100 ids`)
  if (!ids.every((id) => isUuid(id))) {
    throw Problem.invalidField(field, `${field} must contain UUIDs`)
  }
  return ids
}

/** Search parameters with defaults applied, or a 422 naming the bad one. */
export function normalizeSearch(params: KnowledgeSearchParams) {
  const query = params.query.trim()
  if (!query) throw Problem.invalidField('query', 'query must not be empty')
  if (query.length > MAX_SERVICE_QUERY_CHARS) {
    throw Problem.invalidField(
      'query',
      `query must be at most ${MAX_SERVICE_QUERY_CHARS} characters`
    )
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
  if (params.campaignId !== undefined && !isUuid(params.campaignId)) {
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

/** The scope filters of a chunk `c`: workspace and optional bucket, campaign and document filters. */
const CHUNK_FILTERS = `c.workspace_id = (select workspace_id from scope)
    and ((select bucket_ids from scope) is null or c.bucket_id = any ((select bucket_ids from scope)::uuid[]))
    and ((select document_ids from scope) is null or c.document_id = any ((select document_ids from scope)::uuid[]))
    and ((select bucket_type from scope) is null and (select campaign_id from scope) is null
      or c.bucket_id = any (array(
        select b.id from public.knowledge_buckets b
        where b.workspace_id = (select workspace_id from scope)
          and ((select bucket_type from scope) is null or b.bucket_type = (select bucket_type from scope))
          and ((select campaign_id from scope) is null or b.campaign_id = (select campaign_id from scope))
      )))`

/**
 * The vector leg's nearest candidates by an exact scan: ordering by
 * `distance + 0`, which no index can serve, makes PostgreSQL read the scope's
 * rows and sort them. `gate` is an extra condition (a one-time filter).
 */
function exactVectorCandidates(gate = 'true') {
  return `select c.id, c.embedding <=> (select embedding from scope) as distance
  from public.knowledge_chunks c
  where ${gate}
    and c.embedding_model = (select model from scope)
    and ${CHUNK_FILTERS}
  order by (c.embedding <=> (select embedding from scope)) + 0
  limit (select vector_limit from scope)`
}

/** The vector leg's candidates of a small scope: an exact scan. */
const EXACT_CANDIDATES = `vector_candidates as materialized (
  ${exactVectorCandidates()}
)`

/**
 * The buckets a search may read, as an array (null: no bucket filter): the
 * `bucket_ids` filter intersected with the buckets of the type and campaign.
 */
const SCOPE_BUCKET_IDS = `case
    when (select bucket_type from scope) is null and (select campaign_id from scope) is null
      then (select bucket_ids from scope)
    else array(
      select b.id from public.knowledge_buckets b
      where b.workspace_id = (select workspace_id from scope)
        and ((select bucket_ids from scope) is null or b.id = any ((select bucket_ids from scope)::uuid[]))
        and ((select bucket_type from scope) is null or b.bucket_type = (select bucket_type from scope))
        and ((select campaign_id from scope) is null or b.campaign_id = (select campaign_id from scope))
    )
  end`

/**
 * The vector leg's nearest candidates through the HNSW index
 * (`knowledge_nearest_chunks`: iterative scan, relaxed order, the planner
 * steered to the index for the call), with an exact scan as a safety net when the index returns
 * fewer candidates than asked: the scope may simply be smaller, or the graph
 * may not reach the caller's chunks within the scan limits (HNSW neighbour
 * pruning leaves few incoming edges to chunks that sit next to another
 * tenant's dense cluster). The fallback's one-time filter skips it otherwise.
 */
const INDEXED_VECTOR_CANDIDATES = `vector_index as materialized (
  select n.id, n.distance
  from public.knowledge_nearest_chunks(
    (select workspace_id from scope), (select model from scope), (select embedding from scope),
    ${SCOPE_BUCKET_IDS}, (select document_ids from scope), (select vector_limit from scope)
  ) n
),
vector_candidates as materialized (
  select id, distance from vector_index
  where (select count(*) from vector_index) >= (select vector_limit from scope)
  union all
  (${exactVectorCandidates('(select count(*) from vector_index) < (select vector_limit from scope)')})
)`

/** Writes the hits (or one row without a chunk) to the access log; bindings: search id, agent type, query, user id, twice. */
const LOG_HITS = `logged as (
  insert into public.knowledge_access_logs
    (workspace_id, search_id, bucket_id, document_id, chunk_id, agent_type, query_text,
     similarity_score, rank, user_id)
  select (select workspace_id from scope), ?::uuid, h.bucket_id, h.document_id, h.chunk_id, ?, ?,
    h.similarity, h.rank, ?::uuid
  from hits h
  union all
  select (select workspace_id from scope), ?::uuid, null, null, null, ?, ?, null, null, ?::uuid
  where not exists (select 1 from hits)
)`

/**
 * The search as one statement: the vector leg (cosine distance among the
 * chunks embedded with the query's model; re-ranked after the scan because
 * `relaxed_order` may return neighbours slightly out of order) and the
 * full-text leg each rank their top candidates among the caller's chunks;
 * reciprocal rank fusion orders the union; the top hits are joined to their
 * document and bucket and written to knowledge_access_logs in the same
 * statement (one row per hit, or one row without a chunk). `logged: false`
 * (an anonymous search: the embedded assistant, no user) leaves the access
 * log out, as the log is private to its user.
 *
 * `exact` chooses the vector leg's plan: an exact scan of the scope (small
 * scopes, see EXACT_SCAN_MAX_CHUNKS) or the HNSW index with an exact fallback.
 *
 * Both legs filter on workspace_id besides RLS, and on the optional bucket,
 * campaign and document filters. Bucket type and campaign become a list of
 * bucket ids computed once (an InitPlan), so the index scan keeps plain filters.
 */
export function searchSql(exact: boolean, logged = true) {
  return `
with scope as (
  select ?::uuid as workspace_id, ?::text as bucket_type, ?::uuid as campaign_id,
    ?::uuid[] as bucket_ids, ?::uuid[] as document_ids,
    ?::vector as embedding, ?::text as model, ?::double precision as threshold,
    ?::int as vector_limit, ?::int as text_limit
),
${exact ? EXACT_CANDIDATES : INDEXED_VECTOR_CANDIDATES},
vector_leg as (
  select id, 1 - distance as similarity, row_number() over (order by distance, id) as rank
  from vector_candidates
  -- Similarity > 0 and >= threshold, written on the distance so that NaN (a zero vector) fails.
  where distance < 1 and distance <= 1 - (select threshold from scope)
),
text_candidates as materialized (
  select c.id, ts_rank_cd(c.search_vector, q.query, 1) as text_rank,
    case when c.embedding_model = (select model from scope)
      then nullif(1 - (c.embedding <=> (select embedding from scope)), 'NaN') end as similarity
  from public.knowledge_chunks c, websearch_to_tsquery('english', ?) as q (query)
  where (select text_limit from scope) > 0
    and c.search_vector @@ q.query
    and ${CHUNK_FILTERS}
  order by text_rank desc, c.id
  limit (select text_limit from scope)
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
)${
    logged
      ? `,
${LOG_HITS}`
      : ''
  }
select * from hits order by rank
`
}

/** A normalized search (see normalizeSearch). */
export type NormalizedSearch = ReturnType<typeof normalizeSearch>

/**
 * The bindings of searchSql() for a search by `userId` in `workspaceId`, with
 * the query embedding (null in text mode) and the new search id.
 */
export function searchBindings(
  input: NormalizedSearch,
  context: {
    workspaceId: string
    /** Null for an anonymous search (embedded assistant): nothing is logged. */
    userId: string | null
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
    input.mode === 'vector' ? 0 : candidates,
    input.query,
    input.limit,
    ...(userId === null
      ? []
      : [
          searchId,
          input.agentType,
          input.query,
          userId,
          searchId,
          input.agentType,
          input.query,
          userId,
        ]),
  ]
}
