import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's "Lead Management" tables, per workspace: `leads`,
 * `lead_activities` and `lead_scoring_rules` (workspace-scoped instead of open
 * to every user), plus `lead_scores`, the per-lead score explanation written by
 * the scoring engine. RLS is forced on all of them through
 * `app.secure_tenant_table()`. Embed submissions run as `app_anon`, so that
 * role gets insert/select/update policies limited to the transaction's
 * workspace on leads, activities and scores, and read access to the rules.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.leads (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        first_name text,
        last_name text,
        email text,
        company text,
        job_title text,
        phone text,
        industry text,
        company_size text,
        source text not null,
        status text not null default 'new',
        lead_score integer not null default 0,
        tags text[] not null default '{}',
        custom_fields jsonb not null default '{}'::jsonb,
        marketing_consent boolean not null default false,
        consent_text text,
        consent_recorded_at timestamptz,
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        search_vector tsvector generated always as (
          to_tsvector('simple'::regconfig,
            coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
            coalesce(email, '') || ' ' || regexp_replace(coalesce(email, ''), '[@._+-]+', ' ', 'g') || ' ' ||
            coalesce(company, ''))
        ) stored,
        unique (workspace_id, id),
        constraint leads_lead_score_range check (lead_score between 0 and 100),
        constraint leads_email_format check (
          email is null or (char_length(email) <= 320 and email ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$')
        ),
        constraint leads_status_check check (status in ('new', 'contacted', 'qualified', 'converted', 'lost')),
        constraint leads_company_size_check check (
          company_size is null or company_size in ('startup', 'small', 'medium', 'enterprise')
        ),
        constraint leads_source_length check (char_length(btrim(source)) between 1 and 100),
        constraint leads_text_lengths check (
          coalesce(char_length(first_name), 0) <= 200 and coalesce(char_length(last_name), 0) <= 200
          and coalesce(char_length(company), 0) <= 200 and coalesce(char_length(job_title), 0) <= 200
          and coalesce(char_length(phone), 0) <= 50 and coalesce(char_length(industry), 0) <= 100
          and coalesce(char_length(consent_text), 0) <= 2000
        ),
        constraint leads_tags_count check (cardinality(tags) <= 50),
        constraint leads_custom_fields_object check (jsonb_typeof(custom_fields) = 'object')
      );
      -- Seed indexes, led by the tenant column that every policy filters on.
      create index idx_leads_created_by on public.leads (workspace_id, created_by);
      create index idx_leads_status on public.leads (workspace_id, status);
      create index idx_leads_source on public.leads (workspace_id, source);
      create index idx_leads_created_at on public.leads (workspace_id, created_at desc, id desc);
      create index idx_leads_lead_score on public.leads (workspace_id, lead_score desc, id desc);
      create index idx_leads_company on public.leads (workspace_id, lower(company));
      -- Seed idx_leads_email / idx_leads_email_user_unique: one e-mail per workspace, any case.
      create unique index idx_leads_email_workspace_unique on public.leads (workspace_id, lower(email))
        where email is not null;
      create index idx_leads_tags on public.leads using gin (tags);
      create index idx_leads_search on public.leads using gin (search_vector);
      select app.secure_tenant_table('public.leads');

      create table public.lead_activities (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        lead_id uuid not null,
        activity_type text not null,
        activity_data jsonb not null default '{}'::jsonb,
        occurred_at timestamptz not null default now(),
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, lead_id) references public.leads (workspace_id, id) on delete cascade,
        constraint lead_activities_type_format check (activity_type ~ '^[a-z][a-z0-9_]{0,63}$'),
        constraint lead_activities_data_object check (jsonb_typeof(activity_data) = 'object')
      );
      create index idx_lead_activities_lead_id on public.lead_activities (workspace_id, lead_id, occurred_at desc, id desc);
      create index idx_lead_activities_occurred_at on public.lead_activities (workspace_id, occurred_at desc);
      create index idx_lead_activities_activity_type on public.lead_activities (workspace_id, activity_type);
      create index idx_lead_activities_created_by on public.lead_activities (workspace_id, created_by);
      -- High volume (tracking events): no row audit, like the core's bookkeeping tables.
      select app.secure_tenant_table('public.lead_activities', null, false);

      create table public.lead_scoring_rules (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        rule_name text not null,
        description text,
        category text not null default 'fit',
        conditions jsonb not null,
        score_weight integer not null default 0,
        half_life_days integer,
        is_active boolean not null default true,
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint lead_scoring_rules_name_length check (char_length(btrim(rule_name)) between 1 and 200),
        constraint lead_scoring_rules_category_check check (category in ('fit', 'engagement')),
        constraint lead_scoring_rules_weight_range check (score_weight between -100 and 100),
        constraint lead_scoring_rules_half_life_range check (half_life_days is null or half_life_days between 1 and 3650),
        constraint lead_scoring_rules_conditions_object check (jsonb_typeof(conditions) = 'object')
      );
      create unique index lead_scoring_rules_name_key on public.lead_scoring_rules (workspace_id, lower(rule_name));
      create index lead_scoring_rules_active_idx on public.lead_scoring_rules (workspace_id, is_active);
      select app.secure_tenant_table('public.lead_scoring_rules');

      -- The scoring engine's output: one row per scored lead, with the points of
      -- each rule that matched. Rewritten by every rescoring, so not audited.
      create table public.lead_scores (
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        lead_id uuid not null,
        fit_points numeric(10, 2) not null default 0,
        engagement_points numeric(10, 2) not null default 0,
        score integer not null,
        explanation jsonb not null default '[]'::jsonb,
        computed_at timestamptz not null default now(),
        primary key (workspace_id, lead_id),
        foreign key (workspace_id, lead_id) references public.leads (workspace_id, id) on delete cascade,
        constraint lead_scores_score_range check (score between 0 and 100)
      );
      select app.secure_tenant_table('public.lead_scores', null, false);

      -- Anonymous embed submissions (role app_anon, app.workspace_id set by the
      -- embed key): create or merge leads, add activities, score them. Never
      -- delete, never another workspace.
      create policy leads_anon_select on public.leads for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy leads_anon_insert on public.leads for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()));
      create policy leads_anon_update on public.leads for update to app_anon
        using (workspace_id = (select app.current_workspace_id()))
        with check (workspace_id = (select app.current_workspace_id()));
      create policy lead_activities_anon_select on public.lead_activities for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy lead_activities_anon_insert on public.lead_activities for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()));
      create policy lead_activities_anon_update on public.lead_activities for update to app_anon
        using (workspace_id = (select app.current_workspace_id()))
        with check (workspace_id = (select app.current_workspace_id()));
      create policy lead_scores_anon_select on public.lead_scores for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy lead_scores_anon_insert on public.lead_scores for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()));
      create policy lead_scores_anon_update on public.lead_scores for update to app_anon
        using (workspace_id = (select app.current_workspace_id()))
        with check (workspace_id = (select app.current_workspace_id()));
      create policy lead_scoring_rules_anon_select on public.lead_scoring_rules for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      grant select, insert, update on public.leads, public.lead_activities, public.lead_scores to app_anon;
      grant select on public.lead_scoring_rules to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.lead_scores;
      drop table if exists public.lead_scoring_rules;
      drop table if exists public.lead_activities;
      drop table if exists public.leads;
    `)
  }
}
