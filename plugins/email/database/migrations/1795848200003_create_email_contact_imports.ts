import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * CSV imports of contacts, run by the `email/import_contacts` job: the
 * uploaded file waits in the workspace's storage (`storage_key`) until the job
 * has streamed it; progress and failed rows (with reasons) are kept here.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.email_contact_imports (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        file_name text check (file_name is null or char_length(file_name) <= 255),
        storage_key text,
        consent_source text check (consent_source is null or char_length(consent_source) <= 200),
        add_tags text[] not null default '{}' check (cardinality(add_tags) <= 50),
        status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
        rows_total integer not null default 0,
        rows_processed integer not null default 0,
        rows_created integer not null default 0,
        rows_updated integer not null default 0,
        rows_failed integer not null default 0,
        errors jsonb not null default '[]'::jsonb check (jsonb_typeof(errors) = 'array'),
        error_message text,
        started_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index email_contact_imports_recent_idx on public.email_contact_imports (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.email_contact_imports');
    `)
  }

  async down() {
    this.schema.raw(`drop table if exists public.email_contact_imports;`)
  }
}
