import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * campaign_performance_monitor, campaign_predictions and
 * generated_content_pieces (seed "Campaign Management"), scoped to the
 * workspace with composite foreign keys to their campaign. The seed's value
 * lists become CHECKs.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.campaign_performance_monitor (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        channel text not null,
        metrics jsonb not null,
        benchmark_metrics jsonb,
        performance_score real not null default 0,
        optimization_suggestions jsonb not null default '[]'::jsonb,
        auto_actions_taken jsonb not null default '[]'::jsonb,
        measured_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete cascade,
        constraint campaign_performance_monitor_score_range check (performance_score between 0 and 100),
        constraint campaign_performance_monitor_suggestions_array check (jsonb_typeof(optimization_suggestions) = 'array')
      );
      create index idx_campaign_performance_monitor_campaign
        on public.campaign_performance_monitor (workspace_id, campaign_id, measured_at desc, id desc);
      select app.secure_tenant_table('public.campaign_performance_monitor');

      create table public.campaign_predictions (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        prediction_type text not null,
        prediction_data jsonb not null,
        confidence_score real not null,
        based_on_campaigns jsonb,
        actual_outcome jsonb,
        accuracy_score real,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete cascade,
        constraint campaign_predictions_type_check check (prediction_type in
          ('kpi_forecast', 'budget_optimization', 'performance_prediction')),
        constraint campaign_predictions_confidence_range check (confidence_score between 0 and 1),
        constraint campaign_predictions_accuracy_range check (accuracy_score is null or accuracy_score between 0 and 1)
      );
      create index idx_campaign_predictions_campaign
        on public.campaign_predictions (workspace_id, campaign_id, created_at desc, id desc);
      select app.secure_tenant_table('public.campaign_predictions');

      create table public.generated_content_pieces (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        content_type text not null,
        title text not null,
        content text not null,
        metadata jsonb not null default '{}'::jsonb,
        approval_status text not null default 'pending',
        performance_data jsonb,
        created_by_agent text not null default 'ai_content_generator',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete cascade,
        constraint generated_content_pieces_approval_check check (approval_status in
          ('pending', 'approved', 'rejected', 'needs_revision'))
      );
      create index idx_generated_content_pieces_campaign
        on public.generated_content_pieces (workspace_id, campaign_id, created_at desc, id desc);
      select app.secure_tenant_table('public.generated_content_pieces');
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.generated_content_pieces;
      drop table if exists public.campaign_predictions;
      drop table if exists public.campaign_performance_monitor;
    `)
  }
}
