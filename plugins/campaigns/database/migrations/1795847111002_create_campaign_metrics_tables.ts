import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * campaign_metrics and campaign_performance_metrics (seed "Campaign
 * Management"). campaign_metrics gets a unique key per campaign, metric type
 * and day, which makes bulk ingestion an idempotent upsert; it also serves the
 * seed's idx_campaign_metrics_campaign_id lookups (same leading columns). Both
 * are high-volume tables written by ingestion and jobs, so they have no
 * per-row audit trigger (see docs/guide/campaigns.md).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.campaign_metrics (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        metric_type text not null,
        metric_value numeric not null,
        metric_date date not null,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete cascade,
        constraint campaign_metrics_type_format check (metric_type ~ '^[a-z][a-z0-9_]{0,63}$')
      );
      create unique index idx_campaign_metrics_campaign_type_date
        on public.campaign_metrics (workspace_id, campaign_id, metric_type, metric_date);
      create index idx_campaign_metrics_metric_date on public.campaign_metrics (workspace_id, metric_date desc);
      create index idx_campaign_metrics_metric_type on public.campaign_metrics (workspace_id, metric_type);
      select app.secure_tenant_table('public.campaign_metrics', null, false);

      create table public.campaign_performance_metrics (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        metric_name text not null,
        metric_value numeric not null,
        recorded_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete cascade
      );
      create index idx_campaign_performance_campaign_id
        on public.campaign_performance_metrics (workspace_id, campaign_id, recorded_at desc);
      create index idx_campaign_performance_recorded_at
        on public.campaign_performance_metrics (workspace_id, recorded_at);
      select app.secure_tenant_table('public.campaign_performance_metrics', null, false);
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.campaign_performance_metrics;
      drop table if exists public.campaign_metrics;
    `)
  }
}
