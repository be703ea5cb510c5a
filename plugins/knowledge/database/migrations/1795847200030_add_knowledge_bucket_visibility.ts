import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Bucket visibility: `private` (the default, members only) or `public`, which
 * lets the workspace's embedded assistant (`<aip-assistant>`, role `app_anon`
 * in the embed key's workspace) answer from the bucket. `app_anon` gets
 * read-only policies on buckets, ready documents and chunks of PUBLIC buckets
 * of the current workspace only: a private bucket's rows stay invisible to
 * widgets whatever a query asks. The access logs get no anonymous policy (an
 * anonymous search is not logged: the log is private to a user).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.knowledge_buckets
        add column visibility text not null default 'private',
        add constraint knowledge_buckets_visibility_check check (visibility in ('private', 'public'));
      create index idx_knowledge_buckets_public on public.knowledge_buckets (workspace_id)
        where visibility = 'public';

      create policy knowledge_buckets_anon_select on public.knowledge_buckets for select to app_anon
        using (workspace_id = (select app.current_workspace_id()) and visibility = 'public');
      create policy knowledge_documents_anon_select on public.knowledge_documents for select to app_anon
        using (workspace_id = (select app.current_workspace_id()) and status = 'ready'
          and exists (select 1 from public.knowledge_buckets b
            where b.workspace_id = knowledge_documents.workspace_id and b.id = knowledge_documents.bucket_id
              and b.visibility = 'public'));
      create policy knowledge_chunks_anon_select on public.knowledge_chunks for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and exists (select 1 from public.knowledge_buckets b
            where b.workspace_id = knowledge_chunks.workspace_id and b.id = knowledge_chunks.bucket_id
              and b.visibility = 'public'));
      grant select on public.knowledge_buckets, public.knowledge_documents, public.knowledge_chunks to app_anon;
      grant execute on function public.knowledge_nearest_chunks(uuid, text, vector, uuid[], uuid[], integer)
        to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke execute on function public.knowledge_nearest_chunks(uuid, text, vector, uuid[], uuid[], integer)
        from app_anon;
      revoke select on public.knowledge_buckets, public.knowledge_documents, public.knowledge_chunks from app_anon;
      drop policy if exists knowledge_chunks_anon_select on public.knowledge_chunks;
      drop policy if exists knowledge_documents_anon_select on public.knowledge_documents;
      drop policy if exists knowledge_buckets_anon_select on public.knowledge_buckets;
      drop index if exists public.idx_knowledge_buckets_public;
      alter table public.knowledge_buckets drop constraint if exists knowledge_buckets_visibility_check,
        drop column if exists visibility;
    `)
  }
}
