import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The dashboard widget's read policies asked only for the workspace, so any
 * anonymous embed request of that workspace (a bare publishable key, another
 * widget's route) could read its campaigns and metrics, although the dashboard
 * routes require an end-user session. They now also require a verified
 * end-user session (`app.current_end_user_id()`, set by the embed key
 * middleware), like the other embed policies; grants are unchanged.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      drop policy if exists campaigns_anon_select on public.campaigns;
      create policy campaigns_anon_select on public.campaigns for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and (select app.current_end_user_id()) is not null);
      drop policy if exists campaign_metrics_anon_select on public.campaign_metrics;
      create policy campaign_metrics_anon_select on public.campaign_metrics for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and (select app.current_end_user_id()) is not null);
    `)
  }

  async down() {
    this.schema.raw(`
      drop policy if exists campaign_metrics_anon_select on public.campaign_metrics;
      create policy campaign_metrics_anon_select on public.campaign_metrics for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      drop policy if exists campaigns_anon_select on public.campaigns;
      create policy campaigns_anon_select on public.campaigns for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
    `)
  }
}
