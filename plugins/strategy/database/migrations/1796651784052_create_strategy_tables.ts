import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's "Strategic Marketing" tables (brand_positioning_analyses,
 * funnel_designs, performance_tracking_frameworks), keyword_research and
 * campaign_copilot_sessions, scoped to a workspace, plus
 * strategy_analysis_versions: every generation, regeneration or edit of an
 * analysis is a numbered version. Differences from the seed, on purpose: the
 * owner column is nullable (an analysis belongs to the workspace and survives
 * its creator's erasure), analyses carry their citations and what they could
 * not determine, one positioning per workspace is active (partial unique
 * index), and copilot sessions are private to their user.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.brand_positioning_analyses (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        positioning_statement text not null,
        differentiators jsonb not null default '[]'::jsonb,
        brand_tone jsonb not null default '{}'::jsonb,
        three_cs_analysis jsonb not null default '{}'::jsonb,
        recommendations jsonb not null default '[]'::jsonb,
        input_data jsonb not null default '{}'::jsonb,
        citations jsonb not null default '[]'::jsonb,
        limitations jsonb not null default '[]'::jsonb,
        is_active boolean not null default false,
        current_version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint brand_positioning_statement_length check (char_length(positioning_statement) between 1 and 2000)
      );
      create index idx_brand_positioning_analyses_user_id
        on public.brand_positioning_analyses (workspace_id, created_at desc, id desc);
      create unique index idx_brand_positioning_one_active
        on public.brand_positioning_analyses (workspace_id) where is_active;
      select app.secure_tenant_table('public.brand_positioning_analyses');

      create table public.funnel_designs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        business_type text not null,
        funnel_structure jsonb not null default '{}'::jsonb,
        input_data jsonb not null default '{}'::jsonb,
        citations jsonb not null default '[]'::jsonb,
        limitations jsonb not null default '[]'::jsonb,
        current_version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint funnel_designs_business_type_length check (char_length(btrim(business_type)) between 1 and 200)
      );
      create index idx_funnel_designs_user_id on public.funnel_designs (workspace_id, created_at desc, id desc);
      create index idx_funnel_designs_business_type on public.funnel_designs (workspace_id, business_type);
      select app.secure_tenant_table('public.funnel_designs');

      create table public.performance_tracking_frameworks (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        campaign_name text not null,
        channels text[] not null,
        tracking_framework jsonb not null default '{}'::jsonb,
        input_data jsonb not null default '{}'::jsonb,
        is_active boolean not null default true,
        current_version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint performance_tracking_frameworks_name_length check (char_length(btrim(campaign_name)) between 1 and 200)
      );
      create index idx_performance_tracking_frameworks_user_id
        on public.performance_tracking_frameworks (workspace_id, created_at desc, id desc);
      create index idx_performance_tracking_frameworks_active
        on public.performance_tracking_frameworks (workspace_id, is_active, created_at desc);
      select app.secure_tenant_table('public.performance_tracking_frameworks');

      create table public.strategy_analysis_versions (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        analysis_type text not null,
        analysis_id uuid not null,
        version integer not null,
        origin text not null,
        content jsonb not null,
        citations jsonb not null default '[]'::jsonb,
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id, analysis_type, analysis_id, version),
        constraint strategy_analysis_versions_type_check
          check (analysis_type in ('positioning', 'funnel', 'kpi_framework')),
        constraint strategy_analysis_versions_origin_check
          check (origin in ('generated', 'regenerated', 'edited')),
        constraint strategy_analysis_versions_version_check check (version >= 1)
      );
      select app.secure_tenant_table('public.strategy_analysis_versions');

      create table public.keyword_research (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        query text not null,
        keywords jsonb not null default '[]'::jsonb,
        clusters jsonb not null default '[]'::jsonb,
        sources jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint keyword_research_query_length check (char_length(btrim(query)) between 1 and 200)
      );
      create index idx_keyword_research_created_at on public.keyword_research (workspace_id, created_at desc, id desc);
      create index idx_keyword_research_created_by on public.keyword_research (workspace_id, created_by);
      create index idx_keyword_research_query on public.keyword_research (workspace_id, query);
      select app.secure_tenant_table('public.keyword_research');

      create table public.campaign_copilot_sessions (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        brief_data jsonb not null,
        generated_campaign jsonb,
        interaction_history jsonb not null default '[]'::jsonb,
        status text not null default 'active',
        campaign_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint campaign_copilot_sessions_status_check check (status in ('active', 'completed', 'saved')),
        constraint campaign_copilot_sessions_history_array check (jsonb_typeof(interaction_history) = 'array')
      );
      create index idx_campaign_copilot_sessions_user
        on public.campaign_copilot_sessions (workspace_id, user_id, created_at desc, id desc);
      select app.secure_tenant_table('public.campaign_copilot_sessions', 'user_id');
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.campaign_copilot_sessions;
      drop table if exists public.keyword_research;
      drop table if exists public.strategy_analysis_versions;
      drop table if exists public.performance_tracking_frameworks;
      drop table if exists public.funnel_designs;
      drop table if exists public.brand_positioning_analyses;
    `)
  }
}
