import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's "Knowledge Management" tables per workspace: `knowledge_buckets`,
 * `knowledge_documents`, `knowledge_chunks` (pgvector `vector(1536)` with an
 * HNSW cosine index and a generated full-text vector for hybrid search) and
 * `knowledge_access_logs`. Buckets, documents and chunks are shared by the
 * workspace (members write, viewers read); access logs are private to their
 * user. RLS is forced on all of them through `app.secure_tenant_table()`.
 *
 * The campaign link of a campaign bucket is a foreign key only when the
 * campaigns plugin's table exists when this migration runs (the plugin is
 * optional); the API checks the campaign in every case.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.knowledge_buckets (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null,
        bucket_type text not null default 'general',
        campaign_id uuid,
        description text,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint knowledge_buckets_type_check check (bucket_type in ('campaign', 'general')),
        constraint knowledge_buckets_campaign_link check (
          (bucket_type = 'campaign' and campaign_id is not null)
          or (bucket_type = 'general' and campaign_id is null)
        ),
        constraint knowledge_buckets_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint knowledge_buckets_description_length check (coalesce(char_length(description), 0) <= 5000),
        constraint knowledge_buckets_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      -- Seed UNIQUE(name, created_by), per workspace here: a bucket name names one bucket.
      create unique index knowledge_buckets_name_key on public.knowledge_buckets (workspace_id, lower(name));
      create index idx_knowledge_buckets_user_type on public.knowledge_buckets (workspace_id, created_by, bucket_type);
      create index idx_knowledge_buckets_created_at on public.knowledge_buckets (workspace_id, created_at desc, id desc);
      create index idx_knowledge_buckets_campaign on public.knowledge_buckets (workspace_id, campaign_id)
        where campaign_id is not null;
      select app.secure_tenant_table('public.knowledge_buckets');

      do $$
      begin
        if to_regclass('public.campaigns') is not null then
          alter table public.knowledge_buckets add constraint knowledge_buckets_campaign_fk
            foreign key (workspace_id, campaign_id) references public.campaigns (workspace_id, id) on delete cascade;
        end if;
      end
      $$;

      create table public.knowledge_documents (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        bucket_id uuid not null,
        created_by uuid references public.users (id) on delete set null,
        title text not null,
        -- Extracted text (markdown-like); empty until extraction succeeds.
        content text not null default '',
        summary text,
        -- How the document came in: an uploaded file, a URL, or raw text.
        source_type text not null,
        source_url text,
        file_name text,
        file_type text,
        mime_type text,
        file_size bigint,
        -- Storage key of the original (workspace-relative, see storage_service).
        upload_path text,
        -- SHA-256 of the original bytes (or of the raw text).
        source_hash text,
        status text not null default 'processing',
        -- Progress while processing: the current stage and the chunk counts.
        processing_stage text not null default 'queued',
        processing_error text,
        chunk_count integer not null default 0,
        embedded_chunk_count integer not null default 0,
        token_count integer not null default 0,
        processed_at timestamptz,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, bucket_id) references public.knowledge_buckets (workspace_id, id) on delete cascade,
        constraint knowledge_documents_title_length check (char_length(btrim(title)) between 1 and 500),
        constraint knowledge_documents_status_check check (status in ('processing', 'ready', 'failed')),
        constraint knowledge_documents_stage_check check (
          processing_stage in ('queued', 'extracting', 'chunking', 'embedding', 'summarizing', 'done', 'failed')
        ),
        constraint knowledge_documents_source_type_check check (source_type in ('upload', 'url', 'text')),
        constraint knowledge_documents_file_type_check check (
          file_type is null or file_type in ('txt', 'md', 'html', 'pdf', 'docx')
        ),
        constraint knowledge_documents_file_size_check check (file_size is null or file_size >= 0),
        constraint knowledge_documents_counts_check check (
          chunk_count >= 0 and embedded_chunk_count between 0 and chunk_count and token_count >= 0
        ),
        constraint knowledge_documents_failed_error check (status <> 'failed' or processing_error is not null),
        constraint knowledge_documents_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      create index idx_knowledge_documents_bucket on public.knowledge_documents (workspace_id, bucket_id, created_at desc, id desc);
      create index idx_knowledge_documents_status on public.knowledge_documents (workspace_id, status);
      create index idx_knowledge_documents_created_at on public.knowledge_documents (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.knowledge_documents');

      create table public.knowledge_chunks (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        document_id uuid not null,
        bucket_id uuid not null,
        chunk_index integer not null,
        content text not null,
        content_hash text not null,
        token_count integer,
        embedding vector(1536),
        -- provider:model that produced the embedding; a query is embedded with the same one.
        embedding_model text,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        search_vector tsvector generated always as (to_tsvector('english'::regconfig, content)) stored,
        unique (workspace_id, id),
        -- Deferrable so a re-processed document can renumber its chunks in one statement.
        constraint knowledge_chunks_document_index_key unique (document_id, chunk_index) deferrable initially immediate,
        foreign key (workspace_id, document_id) references public.knowledge_documents (workspace_id, id) on delete cascade,
        foreign key (workspace_id, bucket_id) references public.knowledge_buckets (workspace_id, id) on delete cascade,
        constraint knowledge_chunks_index_check check (chunk_index >= 0),
        constraint knowledge_chunks_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
        constraint knowledge_chunks_token_count_check check (token_count is null or token_count >= 0),
        constraint knowledge_chunks_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      create index idx_knowledge_chunks_document on public.knowledge_chunks (workspace_id, document_id, chunk_index);
      create index idx_knowledge_chunks_bucket on public.knowledge_chunks (workspace_id, bucket_id);
      create index idx_knowledge_chunks_hash on public.knowledge_chunks (workspace_id, document_id, content_hash);
      create index idx_knowledge_chunks_unembedded on public.knowledge_chunks (workspace_id, document_id)
        where embedding is null;
      -- Seed: IVFFLAT. HNSW needs no training data and keeps recall as chunks arrive.
      create index idx_knowledge_chunks_embedding on public.knowledge_chunks
        using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 64);
      create index idx_knowledge_chunks_search on public.knowledge_chunks using gin (search_vector);
      -- Rewritten on every re-processing: no row audit.
      select app.secure_tenant_table('public.knowledge_chunks', null, false);

      create table public.knowledge_access_logs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        -- One search writes one row per returned chunk (or one row without a chunk if nothing matched).
        search_id uuid not null,
        bucket_id uuid,
        document_id uuid,
        chunk_id uuid,
        agent_type text,
        query_text text,
        similarity_score double precision,
        rank integer,
        used_in_response boolean not null default false,
        user_id uuid not null references public.users (id) on delete cascade,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, bucket_id) references public.knowledge_buckets (workspace_id, id)
          on delete set null (bucket_id),
        foreign key (workspace_id, document_id) references public.knowledge_documents (workspace_id, id)
          on delete set null (document_id),
        foreign key (workspace_id, chunk_id) references public.knowledge_chunks (workspace_id, id)
          on delete set null (chunk_id),
        constraint knowledge_access_logs_agent_type_format check (
          agent_type is null or agent_type ~ '^[a-z][a-z0-9_-]{0,49}$'
        ),
        constraint knowledge_access_logs_query_length check (coalesce(char_length(query_text), 0) <= 4000),
        constraint knowledge_access_logs_rank_check check (rank is null or rank >= 1)
      );
      create index idx_knowledge_access_logs_bucket on public.knowledge_access_logs (workspace_id, bucket_id);
      create index idx_knowledge_access_logs_user_time on public.knowledge_access_logs (workspace_id, user_id, created_at desc, id desc);
      create index idx_knowledge_access_logs_search on public.knowledge_access_logs (workspace_id, search_id);
      select app.secure_tenant_table('public.knowledge_access_logs', 'user_id', false);
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.knowledge_access_logs;
      drop table if exists public.knowledge_chunks;
      drop table if exists public.knowledge_documents;
      drop table if exists public.knowledge_buckets;
    `)
  }
}
