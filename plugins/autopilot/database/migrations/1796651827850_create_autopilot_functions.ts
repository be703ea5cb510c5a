import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's autopilot functions, rebuilt as SECURITY INVOKER: they run with
 * the caller's rights, so row level security limits them to the caller's
 * current workspace, and they take no user id argument (the seed's
 * SECURITY DEFINER versions trusted `p_user_id`, so anyone could write into or
 * read anyone's autopilot). The acting user is `app.current_user_id()`.
 *
 * `app.autopilot_job_state()` is the one SECURITY DEFINER function here: the
 * runtime roles cannot read graphile-worker's tables, so it returns the queued
 * or failing autopilot jobs of the caller's current workspace only (job keys
 * are namespaced by workspace), for the cron monitor.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function public.log_autopilot_activity(
        p_config_id uuid,
        p_activity_type text,
        p_description text,
        p_entity_type text default null,
        p_entity_id uuid default null,
        p_metadata jsonb default '{}'::jsonb
      ) returns uuid
        language sql volatile security invoker
        set search_path = pg_catalog, public
        as $$
          insert into public.autopilot_activity_log
            (workspace_id, user_id, autopilot_config_id, activity_type, activity_description,
             entity_type, entity_id, metadata)
          values ((select app.current_workspace_id()), (select app.current_user_id()), p_config_id,
            p_activity_type, p_description, p_entity_type, p_entity_id, coalesce(p_metadata, '{}'::jsonb))
          returning id
        $$;

      create or replace function public.get_autopilot_dashboard_stats() returns jsonb
        language sql stable security invoker
        set search_path = pg_catalog, public
        as $$
          with week as (
            select date_trunc('week', now() at time zone 'utc')::date as start
          ),
          days as (
            -- One metrics snapshot per day (the latest), written by the daily run's first step.
            select distinct on (l.impact_metrics->>'day')
              (l.impact_metrics->>'cost')::numeric as cost,
              (l.impact_metrics->>'revenue')::numeric as revenue,
              (l.impact_metrics->>'conversions')::numeric as conversions
            from public.autopilot_activity_log l, week
            where l.workspace_id = (select app.current_workspace_id())
              and l.activity_type = 'metrics_reviewed'
              and (l.impact_metrics->>'day')::date >= week.start
            order by l.impact_metrics->>'day', l.created_at desc
          ),
          totals as (
            select coalesce(sum(cost), 0) as spend, coalesce(sum(revenue), 0) as revenue,
              coalesce(sum(conversions), 0) as conversions
            from days
          )
          select jsonb_build_object(
            'week_start', week.start,
            'this_week_leads', (select count(*) from public.autopilot_lead_inbox i
              where i.workspace_id = (select app.current_workspace_id()) and i.received_at >= week.start),
            'this_week_spend', totals.spend,
            'this_week_conversions', totals.conversions,
            'this_week_roi', case when totals.spend > 0
              then round((totals.revenue - totals.spend) / totals.spend, 4) else 0 end,
            'total_leads', (select count(*) from public.autopilot_lead_inbox i
              where i.workspace_id = (select app.current_workspace_id())),
            'pending_approvals', (select count(*) from public.autopilot_proposals p
              where p.workspace_id = (select app.current_workspace_id()) and p.status = 'pending'),
            'actions_applied_this_week', (select count(*) from public.autopilot_proposals p
              where p.workspace_id = (select app.current_workspace_id()) and p.status = 'applied'
                and p.applied_at >= week.start),
            'is_active', (select c.is_active from public.marketing_autopilot_config c
              where c.workspace_id = (select app.current_workspace_id())),
            'last_run_at', (select max(r.started_at) from public.autopilot_runs r
              where r.workspace_id = (select app.current_workspace_id()) and r.kind = 'daily')
          )
          from week, totals
        $$;

      create or replace function app.autopilot_job_state() returns table (
        task text, job_key text, attempts integer, max_attempts integer,
        last_error text, run_at timestamptz, locked_at timestamptz
      )
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$
          select t.identifier::text, substr(j.key, 38), j.attempts::int, j.max_attempts::int,
            j.last_error, j.run_at, j.locked_at
          from graphile_worker._private_jobs j
          join graphile_worker._private_tasks t on t.id = j.task_id
          where app.current_workspace_id() is not null
            and j.key like app.current_workspace_id()::text || ':autopilot\\_%'
            and t.identifier like 'autopilot/%'
        $$;
      revoke execute on function app.autopilot_job_state() from public;
      grant execute on function app.autopilot_job_state() to app_authenticated, app_service;
      grant execute on function public.log_autopilot_activity(uuid, text, text, text, uuid, jsonb) to app_authenticated, app_service;
      grant execute on function public.get_autopilot_dashboard_stats() to app_authenticated, app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.autopilot_job_state();
      drop function if exists public.get_autopilot_dashboard_stats();
      drop function if exists public.log_autopilot_activity(uuid, text, text, text, uuid, jsonb);
    `)
  }
}
