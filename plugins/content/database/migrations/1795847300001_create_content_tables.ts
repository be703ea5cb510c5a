import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's "Content & Assets" tables, scoped to a workspace: content_calendar,
 * digital_assets, brand_assets (the brand kit), content_templates and
 * proposal_templates, plus content_calendar_imports (CSV import progress) and
 * content_calendar_feeds (ICS feed tokens). Differences from the seed, on
 * purpose: the owner columns are nullable (rows belong to the workspace and
 * survive their creator's erasure), every index leads with `workspace_id`
 * (the RLS policy column), calendar entries may link a campaign (composite
 * key, so never another tenant's) and carry an RRULE, and an agency's
 * `is_public` templates are readable by its client workspaces.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.content_calendar (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        assigned_to uuid references public.users (id) on delete set null,
        campaign_id uuid,
        title text not null,
        description text,
        content_type text not null,
        platform text,
        scheduled_date timestamptz not null,
        status text not null default 'draft',
        recurrence_rule text,
        recurrence_until timestamptz,
        time_zone text not null default 'UTC',
        content_data jsonb not null default '{}'::jsonb,
        metadata jsonb not null default '{}'::jsonb,
        published_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete set null (campaign_id),
        constraint content_calendar_status_check check (status in ('draft', 'scheduled', 'published', 'archived')),
        constraint content_calendar_type_check check (content_type in
          ('blog', 'video', 'infographic', 'social', 'email', 'podcast', 'webinar', 'ad', 'landing_page', 'other')),
        constraint content_calendar_title_length check (char_length(btrim(title)) between 1 and 300),
        constraint content_calendar_rrule_length check (recurrence_rule is null or char_length(recurrence_rule) <= 500),
        constraint content_calendar_data_object check (jsonb_typeof(content_data) = 'object'),
        constraint content_calendar_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      create index idx_content_calendar_scheduled_date on public.content_calendar (workspace_id, scheduled_date);
      create index idx_content_calendar_recurring on public.content_calendar (workspace_id, scheduled_date)
        where recurrence_rule is not null;
      create index idx_content_calendar_status on public.content_calendar (workspace_id, status);
      create index idx_content_calendar_created_by on public.content_calendar (workspace_id, created_by);
      create index idx_content_calendar_campaign on public.content_calendar (workspace_id, campaign_id);
      create index idx_content_calendar_created_at on public.content_calendar (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.content_calendar');

      create table public.content_calendar_imports (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        file_name text,
        status text not null default 'queued',
        content text,
        rows_total integer not null default 0,
        rows_processed integer not null default 0,
        rows_created integer not null default 0,
        rows_failed integer not null default 0,
        errors jsonb not null default '[]'::jsonb,
        error_message text,
        started_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint content_calendar_imports_status_check check (status in ('queued', 'running', 'completed', 'failed'))
      );
      create index idx_content_calendar_imports_created_at on public.content_calendar_imports (workspace_id, created_at desc);
      select app.secure_tenant_table('public.content_calendar_imports', null, false);

      create table public.content_calendar_feeds (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null default 'Content calendar',
        token_hash text not null unique,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index idx_content_calendar_feeds_workspace on public.content_calendar_feeds (workspace_id, created_at desc);
      select app.secure_tenant_table('public.content_calendar_feeds');

      create table public.digital_assets (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        uploaded_by uuid references public.users (id) on delete set null,
        file_name text not null,
        file_size bigint,
        asset_type text not null,
        mime_type text,
        storage_path text not null,
        thumbnail_path text,
        access_url text,
        width integer,
        height integer,
        duration_seconds double precision,
        checksum_sha256 text,
        metadata jsonb not null default '{}'::jsonb,
        tags text[] not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint digital_assets_type_check check (asset_type in ('image', 'video', 'document', 'audio')),
        constraint digital_assets_name_length check (char_length(file_name) between 1 and 255),
        constraint digital_assets_size_check check (file_size is null or file_size >= 0),
        constraint digital_assets_metadata_object check (jsonb_typeof(metadata) = 'object')
      );
      create index idx_digital_assets_created_at on public.digital_assets (workspace_id, created_at desc, id desc);
      create index idx_digital_assets_asset_type on public.digital_assets (workspace_id, asset_type);
      create index idx_digital_assets_uploaded_by on public.digital_assets (workspace_id, uploaded_by);
      create index idx_digital_assets_tags on public.digital_assets using gin (tags);
      select app.secure_tenant_table('public.digital_assets');

      create table public.brand_assets (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        asset_name text not null,
        asset_type text not null default 'brand_kit',
        asset_data jsonb not null,
        logo_asset_id uuid,
        is_active boolean not null default false,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, logo_asset_id)
          references public.digital_assets (workspace_id, id) on delete set null (logo_asset_id),
        constraint brand_assets_type_check check (asset_type in ('brand_kit', 'logo', 'font', 'color_scheme', 'image')),
        constraint brand_assets_name_length check (char_length(btrim(asset_name)) between 1 and 200),
        constraint brand_assets_data_object check (jsonb_typeof(asset_data) = 'object')
      );
      create unique index idx_brand_assets_one_active on public.brand_assets (workspace_id) where is_active;
      create index idx_brand_assets_created_at on public.brand_assets (workspace_id, created_at desc, id desc);
      create index idx_brand_assets_created_by on public.brand_assets (workspace_id, created_by);
      select app.secure_tenant_table('public.brand_assets');

      create table public.content_templates (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null,
        template_type text not null,
        content text not null,
        variables jsonb not null default '[]'::jsonb,
        is_public boolean not null default false,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint content_templates_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint content_templates_variables_array check (jsonb_typeof(variables) = 'array')
      );
      create index idx_content_templates_created_at on public.content_templates (workspace_id, created_at desc, id desc);
      create index idx_content_templates_created_by on public.content_templates (workspace_id, created_by);
      create index idx_content_templates_public on public.content_templates (workspace_id) where is_public;
      select app.secure_tenant_table('public.content_templates');

      -- The agency of the current workspace (its parent), read past the
      -- workspaces policies: a client member need not see the agency row.
      create or replace function app.content_parent_workspace_id() returns uuid
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$ select parent_id from public.workspaces where id = app.current_workspace_id() $$;
      revoke execute on function app.content_parent_workspace_id() from public;
      grant execute on function app.content_parent_workspace_id() to app_authenticated, app_service;

      -- An agency shares its public templates downward: a member of a client
      -- workspace reads them (never writes them).
      create policy content_templates_shared_select on public.content_templates
        for select to app_authenticated
        using (is_public and workspace_id = (select app.content_parent_workspace_id())
          and (select app.has_workspace_role('viewer')));

      create table public.proposal_templates (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        name text not null,
        content text not null,
        sections jsonb not null default '[]'::jsonb,
        variables jsonb not null default '[]'::jsonb,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint proposal_templates_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint proposal_templates_sections_array check (jsonb_typeof(sections) = 'array')
      );
      create index idx_proposal_templates_created_at on public.proposal_templates (workspace_id, created_at desc, id desc);
      create index idx_proposal_templates_user_id on public.proposal_templates (workspace_id, user_id);
      select app.secure_tenant_table('public.proposal_templates');
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.proposal_templates;
      drop policy if exists content_templates_shared_select on public.content_templates;
      drop function if exists app.content_parent_workspace_id();
      drop table if exists public.content_templates;
      drop table if exists public.brand_assets;
      drop table if exists public.digital_assets;
      drop table if exists public.content_calendar_feeds;
      drop table if exists public.content_calendar_imports;
      drop table if exists public.content_calendar;
    `)
  }
}
