import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's knowledge conversations: `conversations`, `conversation_messages`
 * (with embeddings), `conversation_knowledge_refs` (the chunks an answer
 * cited) and `research_notes` (saved answers). All are private to their user.
 * Child rows carry the owner's `user_id` and reach their conversation through a
 * composite foreign key on (workspace, conversation, user), so a row can never
 * point at somebody else's conversation and each table gets the plain
 * per-user policy of `app.secure_tenant_table()`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.conversations (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        title text,
        -- Buckets the conversation searches by default (empty: all of the workspace's).
        bucket_ids uuid[] not null default '{}',
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id, id, user_id),
        constraint conversations_title_length check (title is null or char_length(btrim(title)) between 1 and 200),
        constraint conversations_bucket_ids_count check (cardinality(bucket_ids) <= 50),
        constraint conversations_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      create index idx_conversations_user_id on public.conversations (workspace_id, user_id, updated_at desc, id desc);
      select app.secure_tenant_table('public.conversations', 'user_id');

      create table public.conversation_messages (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        conversation_id uuid not null,
        user_id uuid not null,
        role text not null,
        content text not null,
        embedding vector(1536),
        embedding_model text,
        -- Assistant answers: the numbered citations ([n] in the text) and how it was produced.
        citations jsonb not null default '[]'::jsonb,
        metadata jsonb not null default '{}'::jsonb,
        "timestamp" timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id, id, user_id),
        foreign key (workspace_id, conversation_id, user_id)
          references public.conversations (workspace_id, id, user_id) on delete cascade,
        constraint conversation_messages_role_check check (role in ('user', 'assistant')),
        constraint conversation_messages_content_length check (char_length(content) between 1 and 100000),
        constraint conversation_messages_citations_array check (jsonb_typeof(citations) = 'array'),
        constraint conversation_messages_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      create index idx_conversation_messages_conversation
        on public.conversation_messages (workspace_id, conversation_id, "timestamp", id);
      create index idx_conversation_messages_time on public.conversation_messages (workspace_id, "timestamp" desc);
      -- Seed: IVFFLAT. HNSW needs no training data.
      create index idx_conversation_messages_embedding on public.conversation_messages
        using hnsw (embedding vector_cosine_ops);
      select app.secure_tenant_table('public.conversation_messages', 'user_id', false);

      create table public.conversation_knowledge_refs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        conversation_id uuid not null,
        user_id uuid not null,
        -- The assistant message whose text cites the chunk as [citation_number].
        message_id uuid not null,
        chunk_id uuid,
        document_id uuid,
        citation_number integer not null,
        similarity_score double precision,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (message_id, citation_number),
        foreign key (workspace_id, conversation_id, user_id)
          references public.conversations (workspace_id, id, user_id) on delete cascade,
        foreign key (workspace_id, message_id, user_id)
          references public.conversation_messages (workspace_id, id, user_id) on delete cascade,
        -- A re-processed or deleted document drops its chunks; the reference stays, unlinked.
        foreign key (workspace_id, chunk_id) references public.knowledge_chunks (workspace_id, id)
          on delete set null (chunk_id),
        foreign key (workspace_id, document_id) references public.knowledge_documents (workspace_id, id)
          on delete set null (document_id),
        constraint conversation_knowledge_refs_number_check check (citation_number >= 1)
      );
      create index idx_conversation_knowledge_conversation
        on public.conversation_knowledge_refs (workspace_id, conversation_id, created_at);
      create index idx_conversation_knowledge_chunk on public.conversation_knowledge_refs (workspace_id, chunk_id);
      create index idx_conversation_knowledge_message on public.conversation_knowledge_refs (workspace_id, message_id);
      select app.secure_tenant_table('public.conversation_knowledge_refs', 'user_id', false);

      create table public.research_notes (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        -- Null for an answer saved from POST /v1/knowledge/answer (no conversation).
        conversation_id uuid,
        message_id uuid,
        title text,
        content text not null,
        -- The cited sources: [{ citation, chunk_id, document_id, document_title, snippet }].
        source_refs jsonb not null default '[]'::jsonb,
        tags text[] not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, conversation_id, user_id)
          references public.conversations (workspace_id, id, user_id) on delete cascade,
        foreign key (workspace_id, message_id, user_id)
          references public.conversation_messages (workspace_id, id, user_id) on delete set null (message_id),
        constraint research_notes_title_length check (title is null or char_length(btrim(title)) between 1 and 200),
        constraint research_notes_content_length check (char_length(content) between 1 and 100000),
        constraint research_notes_source_refs_array check (jsonb_typeof(source_refs) = 'array'),
        constraint research_notes_tags_count check (cardinality(tags) <= 50)
      );
      create index idx_research_notes_conversation on public.research_notes (workspace_id, conversation_id);
      create index idx_research_notes_user on public.research_notes (workspace_id, user_id, created_at desc, id desc);
      select app.secure_tenant_table('public.research_notes', 'user_id');
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.research_notes;
      drop table if exists public.conversation_knowledge_refs;
      drop table if exists public.conversation_messages;
      drop table if exists public.conversations;
    `)
  }
}
