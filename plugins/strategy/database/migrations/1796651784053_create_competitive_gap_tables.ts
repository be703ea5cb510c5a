import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's competitive_gap_analyses, scoped to a workspace, with the
 * analysis's status and what it could not determine, plus
 * competitor_snapshots: each fetch of a competitor page (text, content hash,
 * what changed since the previous fetch of the same URL), which gaps cite.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.competitive_gap_analyses (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        our_brand text not null,
        competitors text[] not null,
        gap_analysis jsonb not null default '{}'::jsonb,
        ownable_differentiator jsonb not null default '{}'::jsonb,
        input_data jsonb not null default '{}'::jsonb,
        limitations jsonb not null default '[]'::jsonb,
        status text not null default 'fetching',
        last_fetched_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint competitive_gap_analyses_status_check check (status in ('fetching', 'ready', 'failed')),
        constraint competitive_gap_analyses_brand_length check (char_length(btrim(our_brand)) between 1 and 200)
      );
      create index idx_competitive_gap_analyses_user_id
        on public.competitive_gap_analyses (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.competitive_gap_analyses');

      create table public.competitor_snapshots (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        analysis_id uuid not null,
        competitor text not null,
        url text not null,
        status text not null,
        http_status integer,
        content_hash text,
        content text not null default '',
        changed boolean,
        changes jsonb not null default '{}'::jsonb,
        error text,
        fetched_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, analysis_id)
          references public.competitive_gap_analyses (workspace_id, id) on delete cascade,
        constraint competitor_snapshots_status_check check (status in ('ok', 'failed'))
      );
      create index idx_competitor_snapshots_analysis
        on public.competitor_snapshots (workspace_id, analysis_id, url, fetched_at desc);
      select app.secure_tenant_table('public.competitor_snapshots', null, false);
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.competitor_snapshots;
      drop table if exists public.competitive_gap_analyses;
    `)
  }
}
