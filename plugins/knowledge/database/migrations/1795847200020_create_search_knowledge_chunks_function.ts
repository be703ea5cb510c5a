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
 * Vector search only (HNSW, cosine `<=>`): the `limit` nearest chunks, then
 * the similarity threshold. `hnsw.iterative_scan` is on for the call so a
 * selective workspace still gets its `limit` rows from the shared index.
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
              array(
                select b.id from public.knowledge_buckets b
                where b.workspace_id = (select app.current_workspace_id())
                  and (p_user_id is null or b.created_by = p_user_id)
                  and (p_bucket_type is null or b.bucket_type = p_bucket_type)
                  and (p_campaign_id is null or b.campaign_id = p_campaign_id)
              ) as bucket_ids
          ),
          candidates as materialized (
            select c.id, c.embedding <=> p_query_embedding as distance
            from public.knowledge_chunks c
            where c.workspace_id = (select workspace_id from scope)
              and c.bucket_id = any ((select bucket_ids from scope)::uuid[])
              and c.embedding is not null
            order by distance
            limit least(greatest(coalesce(p_limit, 10), 0), 1000)
          )
          select c.id, c.bucket_id, c.document_id, b.name, d.title, d.summary, c.content,
            c.chunk_index, 1 - k.distance, c.metadata
          from candidates k
          join public.knowledge_chunks c on c.id = k.id
          join public.knowledge_documents d on d.workspace_id = c.workspace_id and d.id = c.document_id
          join public.knowledge_buckets b on b.workspace_id = c.workspace_id and b.id = c.bucket_id
          where 1 - k.distance >= coalesce(p_similarity_threshold, 0)
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
