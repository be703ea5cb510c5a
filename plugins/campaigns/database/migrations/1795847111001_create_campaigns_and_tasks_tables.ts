import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * campaigns (seed "Campaign Management"): the seed's columns, CHECKs and
 * indexes, scoped to a workspace. Differences from the seed, on purpose:
 * the name is unique per workspace (the seed: per creator), `created_by` is
 * nullable (a campaign belongs to the workspace and survives its creator's
 * erasure), and every index leads with `workspace_id`, the RLS policy column.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.campaigns (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null,
        description text,
        type text default 'custom',
        channel text,
        status text not null default 'draft',
        total_budget numeric not null default 0,
        budget_allocated numeric not null default 0,
        budget_spent numeric not null default 0,
        start_date timestamptz,
        end_date timestamptz,
        primary_objective text,
        target_audience text,
        channels jsonb not null default '[]'::jsonb,
        demographics jsonb not null default '{}'::jsonb,
        kpi_targets jsonb not null default '{}'::jsonb,
        content jsonb not null default '{}'::jsonb,
        settings jsonb not null default '{}'::jsonb,
        metrics jsonb not null default '{}'::jsonb,
        auto_managed boolean not null default false,
        metadata jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        constraint campaigns_type_check check (type in
          ('lead_generation', 'brand_awareness', 'product_launch', 'email', 'social_media', 'custom')),
        constraint campaigns_status_check check (status in ('draft', 'active', 'paused', 'completed')),
        constraint campaigns_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint campaigns_dates_check check (start_date is null or end_date is null or start_date <= end_date),
        constraint campaigns_budgets_check check (total_budget >= 0 and budget_allocated >= 0 and budget_spent >= 0),
        constraint campaigns_channels_array check (jsonb_typeof(channels) = 'array'),
        constraint campaigns_kpi_targets_object check (jsonb_typeof(kpi_targets) = 'object')
      );
      create unique index idx_campaigns_name_workspace_unique on public.campaigns (workspace_id, name);
      create index idx_campaigns_created_at on public.campaigns (workspace_id, created_at desc, id desc);
      create index idx_campaigns_created_by on public.campaigns (workspace_id, created_by);
      create index idx_campaigns_status on public.campaigns (workspace_id, status);
      create index idx_campaigns_type on public.campaigns (workspace_id, type);
      create index idx_campaigns_start_date on public.campaigns (workspace_id, start_date);
      create index idx_campaigns_end_date on public.campaigns (workspace_id, end_date);
      create index idx_campaigns_auto_managed on public.campaigns (workspace_id, auto_managed, status);
      select app.secure_tenant_table('public.campaigns');

      create table public.campaign_tasks (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        created_by uuid references public.users (id) on delete set null,
        title text not null,
        description text,
        status text not null default 'pending',
        priority text not null default 'medium',
        due_date timestamptz,
        completed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete cascade,
        constraint campaign_tasks_status_check check (status in ('pending', 'in_progress', 'completed', 'cancelled')),
        constraint campaign_tasks_priority_check check (priority in ('low', 'medium', 'high', 'urgent')),
        constraint campaign_tasks_title_length check (char_length(btrim(title)) between 1 and 300),
        constraint campaign_tasks_completed_at_check check ((status = 'completed') = (completed_at is not null))
      );
      create index idx_campaign_tasks_campaign on public.campaign_tasks (workspace_id, campaign_id, status);
      create index idx_campaign_tasks_user_due on public.campaign_tasks (workspace_id, created_by, due_date)
        where status <> 'completed';
      select app.secure_tenant_table('public.campaign_tasks');
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.campaign_tasks;
      drop table if exists public.campaigns;
    `)
  }
}
