import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's `search_knowledge_chunks(...)` with its signature and result
 * columns, rebuilt as SECURITY INVOKER: it runs with the caller's rights, so
 * row level security limits it to the caller's current workspace. The seed's
 * SECURITY DEFINER version bypassed RLS and trusted `p_user_id`, so anyone
 * could read anyone's chunks by passing another user's id.
 *
 * `p_user_id` no longer says whose chunks to read: it only narrows the search
 * to buckets created by that user, among the rows the caller may already see
 * (null: every bucket of the workspace). It can never widen what the caller
 * sees. The query embedding must come from the same model as the stored
 * chunks (the HTTP API checks `embedding_model`; this function cannot).
 *
 * Vector search only (cosine `<=>`): the `limit` nearest chunks, then the
 * similarity threshold. `hnsw.iterative_scan` is on for the call so a
 * selective workspace still gets its `limit` rows from the shared HNSW index,
 * with an exact scan when the index returns fewer.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function public.search_knowledge_chunks(
        p_user_id uuid,
        p_query_embedding vector(1536),
        p_bucket_type text default null,
        p_campaign_id uuid default null,
        p_limit integer default 10,
        p_similarity_threshold double precision default 0.7
      ) returns table (
        chunk_id uuid,
        bucket_id uuid,
        document_id uuid,
        bucket_name text,
        document_title text,
        document_summary text,
        chunk_content text,
        chunk_index integer,
        similarity_score double precision,
        metadata jsonb
      )
        language sql stable security invoker
        set search_path = pg_catalog, public
        set hnsw.iterative_scan = relaxed_order
        as $$
          with scope as (
            select (select app.current_workspace_id()) as workspace_id,
              least(greatest(coalesce(p_limit, 10), 0), 1000) as lim,
              array(
                select b.id from public.knowledge_buckets b
                where b.workspace_id = (select app.current_workspace_id())
                  and (p_user_id is null or b.created_by = p_user_id)
                  and (p_bucket_type is null or b.bucket_type = p_bucket_type)
                  and (p_campaign_id is null or b.campaign_id = p_campaign_id)
              ) as bucket_ids
          ),
          indexed as materialized (
            select c.id, c.embedding <=> p_query_embedding as distance
            from public.knowledge_chunks c
            where c.workspace_id = (select workspace_id from scope)
              and c.bucket_id = any ((select bucket_ids from scope)::uuid[])
              and c.embedding is not null
            order by distance
            limit (select lim from scope)
          ),
          -- The index may return fewer rows than asked (a small scope, or chunks the graph does
          -- not reach next to another tenant's dense cluster): then an exact scan (the + 0 keeps
          -- the index out), skipped otherwise by its one-time filter.
          candidates as materialized (
            select id, distance from indexed
            where (select count(*) from indexed) >= (select lim from scope)
            union all
            (select c.id, c.embedding <=> p_query_embedding as distance
              from public.knowledge_chunks c
              where (select count(*) from indexed) < (select lim from scope)
                and c.workspace_id = (select workspace_id from scope)
                and c.bucket_id = any ((select bucket_ids from scope)::uuid[])
                and c.embedding is not null
              order by (c.embedding <=> p_query_embedding) + 0
              limit (select lim from scope))
          )
          select c.id, c.bucket_id, c.document_id, b.name, d.title, d.summary, c.content,
            c.chunk_index, 1 - k.distance, c.metadata
          from candidates k
          join public.knowledge_chunks c on c.id = k.id
          join public.knowledge_documents d on d.workspace_id = c.workspace_id and d.id = c.document_id
          join public.knowledge_buckets b on b.workspace_id = c.workspace_id and b.id = c.bucket_id
          -- On the distance, so that NaN (a zero vector) never passes.
          where k.distance <= 1 - coalesce(p_similarity_threshold, 0)
          order by k.distance, c.id
        $$;
      revoke all on function public.search_knowledge_chunks(uuid, vector, text, uuid, integer, double precision)
        from public;
      grant execute on function public.search_knowledge_chunks(uuid, vector, text, uuid, integer, double precision)
        to app_authenticated;
    `)
  }

  async down() {
    this.schema.raw(
      'drop function if exists public.search_knowledge_chunks(uuid, vector, text, uuid, integer, double precision)'
    )
  }
}
