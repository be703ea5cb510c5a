import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's autopilot tables (`marketing_autopilot_config`,
 * `autopilot_weekly_reports`, `autopilot_activity_log`, `autopilot_lead_inbox`)
 * per workspace, plus two tables the seed's edge functions kept in memory:
 * `autopilot_runs` (one row per workspace, kind and day: what makes a run
 * idempotent and resumable step by step) and `autopilot_proposals` (the
 * approval queue). Differences from the seed, on purpose: one config per
 * workspace (the seed: per user; `user_id` stays as the owner), the inbox keeps
 * its (owner, lead) uniqueness inside the workspace, and every index leads with
 * `workspace_id`, the RLS policy column.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.marketing_autopilot_config (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        business_description text not null,
        target_audience jsonb not null default '{}'::jsonb,
        monthly_budget numeric not null,
        goals jsonb not null default '[]'::jsonb,
        channels jsonb not null default '[]'::jsonb,
        ai_strategy jsonb not null default '{}'::jsonb,
        is_active boolean not null default true,
        dry_run boolean not null default false,
        last_optimized_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id),
        constraint marketing_autopilot_config_budget check (monthly_budget >= 0 and monthly_budget <= 1e12),
        constraint marketing_autopilot_config_description check (char_length(btrim(business_description)) between 1 and 5000),
        constraint marketing_autopilot_config_goals_array check (jsonb_typeof(goals) = 'array'),
        constraint marketing_autopilot_config_channels_array check (jsonb_typeof(channels) = 'array'),
        constraint marketing_autopilot_config_audience_object check (jsonb_typeof(target_audience) = 'object')
      );
      create index idx_autopilot_config_user_id on public.marketing_autopilot_config (workspace_id, user_id);
      create index idx_autopilot_config_active on public.marketing_autopilot_config (is_active, workspace_id);
      select app.secure_tenant_table('public.marketing_autopilot_config');

      create table public.autopilot_runs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        autopilot_config_id uuid not null,
        kind text not null,
        run_date date not null,
        status text not null default 'running',
        dry_run boolean not null default false,
        steps_done text[] not null default '{}',
        summary jsonb not null default '{}'::jsonb,
        attempts integer not null default 0,
        last_error text,
        started_at timestamptz not null default now(),
        finished_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id, kind, run_date),
        foreign key (workspace_id, autopilot_config_id)
          references public.marketing_autopilot_config (workspace_id, id) on delete cascade,
        constraint autopilot_runs_kind_check check (kind in ('daily', 'weekly')),
        constraint autopilot_runs_status_check check (status in ('running', 'completed', 'stopped', 'failed'))
      );
      create index idx_autopilot_runs_recent on public.autopilot_runs (workspace_id, created_at desc, id desc);
      create index idx_autopilot_runs_kind on public.autopilot_runs (workspace_id, kind, run_date desc);
      select app.secure_tenant_table('public.autopilot_runs', null, false);

      create table public.autopilot_weekly_reports (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        autopilot_config_id uuid not null,
        week_start_date date not null,
        week_end_date date not null,
        total_leads_generated integer not null default 0,
        total_spend numeric not null default 0,
        roi numeric not null default 0,
        top_performing_channel text,
        summary jsonb not null default '{}'::jsonb,
        ai_insights jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id, week_start_date),
        foreign key (workspace_id, autopilot_config_id)
          references public.marketing_autopilot_config (workspace_id, id) on delete cascade,
        constraint autopilot_weekly_reports_week check (week_end_date >= week_start_date)
      );
      create index idx_autopilot_reports_user_date on public.autopilot_weekly_reports (workspace_id, week_start_date desc, id desc);
      select app.secure_tenant_table('public.autopilot_weekly_reports');

      create table public.autopilot_activity_log (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        autopilot_config_id uuid not null,
        run_id uuid,
        activity_type text not null,
        activity_description text not null,
        entity_type text,
        entity_id uuid,
        metadata jsonb not null default '{}'::jsonb,
        impact_metrics jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, autopilot_config_id)
          references public.marketing_autopilot_config (workspace_id, id) on delete cascade,
        foreign key (workspace_id, run_id)
          references public.autopilot_runs (workspace_id, id) on delete set null (run_id),
        constraint autopilot_activity_log_type_format check (activity_type ~ '^[a-z][a-z0-9_]{0,63}$')
      );
      create index idx_autopilot_activity_user_date on public.autopilot_activity_log (workspace_id, created_at desc, id desc);
      create index idx_autopilot_activity_run on public.autopilot_activity_log (workspace_id, run_id);
      create index idx_autopilot_activity_type on public.autopilot_activity_log (workspace_id, activity_type, created_at desc);
      -- Written by every run step: high volume, so no row audit (the log is the audit trail).
      select app.secure_tenant_table('public.autopilot_activity_log', null, false);

      create table public.autopilot_proposals (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        autopilot_config_id uuid not null,
        run_id uuid,
        kind text not null,
        channel text not null,
        status text not null default 'pending',
        current_daily_budget numeric not null,
        proposed_daily_budget numeric not null,
        requires_approval boolean not null,
        rationale jsonb not null default '{}'::jsonb,
        application jsonb,
        decided_by uuid references public.users (id) on delete set null,
        decided_at timestamptz,
        decision_note text,
        applied_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (workspace_id, run_id, kind, channel),
        foreign key (workspace_id, autopilot_config_id)
          references public.marketing_autopilot_config (workspace_id, id) on delete cascade,
        foreign key (workspace_id, run_id)
          references public.autopilot_runs (workspace_id, id) on delete set null (run_id),
        constraint autopilot_proposals_kind_check check (kind in ('budget_change', 'pause_channel')),
        constraint autopilot_proposals_status_check check (status in ('pending', 'applied', 'rejected', 'superseded')),
        constraint autopilot_proposals_budgets check (current_daily_budget >= 0 and proposed_daily_budget >= 0),
        constraint autopilot_proposals_decision check ((status in ('pending', 'superseded')) or decided_at is not null or applied_at is not null)
      );
      create index idx_autopilot_proposals_status on public.autopilot_proposals (workspace_id, status, created_at desc, id desc);
      create index idx_autopilot_proposals_recent on public.autopilot_proposals (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.autopilot_proposals');

      create table public.autopilot_lead_inbox (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        lead_id uuid not null,
        full_name text,
        company_name text,
        email text,
        phone text,
        source text,
        score integer,
        priority text not null default 'medium',
        suggested_action text,
        reasons jsonb not null default '[]'::jsonb,
        status text not null default 'new',
        notes text,
        received_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, lead_id) references public.leads (workspace_id, id) on delete cascade,
        constraint autopilot_lead_inbox_status_check check (status in ('new', 'contacted', 'qualified', 'converted')),
        constraint autopilot_lead_inbox_priority_check check (priority in ('high', 'medium', 'low')),
        constraint autopilot_lead_inbox_notes_length check (coalesce(char_length(notes), 0) <= 5000)
      );
      -- The seed's UNIQUE (user_id, lead_id), inside the workspace.
      create unique index idx_autopilot_lead_inbox_owner_lead
        on public.autopilot_lead_inbox (workspace_id, user_id, lead_id) nulls not distinct;
      create index idx_autopilot_lead_inbox_recent on public.autopilot_lead_inbox (workspace_id, received_at desc, id desc);
      create index idx_autopilot_lead_inbox_status on public.autopilot_lead_inbox (workspace_id, status, priority);
      select app.secure_tenant_table('public.autopilot_lead_inbox');
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.autopilot_lead_inbox;
      drop table if exists public.autopilot_proposals;
      drop table if exists public.autopilot_activity_log;
      drop table if exists public.autopilot_weekly_reports;
      drop table if exists public.autopilot_runs;
      drop table if exists public.marketing_autopilot_config;
    `)
  }
}
