import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `lead_imports`: one CSV import and its progress. The uploaded file is kept
 * in `content` only until the import job has processed it (then cleared), so
 * workers on any machine can read it without shared storage.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.lead_imports (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        file_name text,
        default_source text not null default 'import',
        status text not null default 'queued',
        content text,
        rows_total integer not null default 0,
        rows_processed integer not null default 0,
        rows_created integer not null default 0,
        rows_merged integer not null default 0,
        rows_failed integer not null default 0,
        errors jsonb not null default '[]'::jsonb,
        error_message text,
        started_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint lead_imports_status_check check (status in ('queued', 'running', 'completed', 'failed')),
        constraint lead_imports_counts check (
          rows_processed between 0 and rows_total and rows_failed >= 0 and rows_created >= 0 and rows_merged >= 0
        ),
        constraint lead_imports_errors_array check (jsonb_typeof(errors) = 'array')
      );
      create index lead_imports_recent_idx on public.lead_imports (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.lead_imports', null, false);
    `)
  }

  async down() {
    this.schema.raw('drop table if exists public.lead_imports')
  }
}
