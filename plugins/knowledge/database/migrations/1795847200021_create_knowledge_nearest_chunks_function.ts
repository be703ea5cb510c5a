import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `knowledge_nearest_chunks(...)`: the HNSW index scan of the knowledge
 * search's vector leg (the nearest chunks of one workspace embedded with one
 * model, within optional bucket and document filters), run as SECURITY
 * INVOKER so RLS applies.
 *
 * Why a function: PostgreSQL's cost model prefers an exact scan and sort to
 * the HNSW index up to large tables (measured in the embedded database on
 * 6,000 chunks: the planner picked a sequential scan taking 55–85 ms where the
 * index answers in about 7 ms). The search only calls this function for
 * scopes above its exact-scan size, and the function's SET clauses steer the
 * planner to the index and turn on iterative scans for the duration of the
 * call only, leaving the rest of the request's transaction untouched.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function public.knowledge_nearest_chunks(
        p_workspace_id uuid,
        p_model text,
        p_embedding vector(1536),
        p_bucket_ids uuid[],
        p_document_ids uuid[],
        p_limit integer
      ) returns table (id uuid, distance double precision)
        language sql stable security invoker
        set search_path = pg_catalog, public
        set hnsw.iterative_scan = relaxed_order
        set enable_seqscan = off
        set enable_bitmapscan = off
        set enable_sort = off
        as $$
          select c.id, c.embedding <=> p_embedding as distance
          from public.knowledge_chunks c
          where c.workspace_id = p_workspace_id
            and c.embedding_model = p_model
            and (p_bucket_ids is null or c.bucket_id = any (p_bucket_ids))
            and (p_document_ids is null or c.document_id = any (p_document_ids))
          order by distance
          limit greatest(p_limit, 0)
        $$;
      revoke all on function public.knowledge_nearest_chunks(uuid, text, vector, uuid[], uuid[], integer)
        from public;
      grant execute on function public.knowledge_nearest_chunks(uuid, text, vector, uuid[], uuid[], integer)
        to app_authenticated;
    `)
  }

  async down() {
    this.schema.raw(
      'drop function if exists public.knowledge_nearest_chunks(uuid, text, vector, uuid[], uuid[], integer)'
    )
  }
}
