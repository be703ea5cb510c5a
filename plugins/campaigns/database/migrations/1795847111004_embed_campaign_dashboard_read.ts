import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `<aip-campaign-dashboard>` on a vendor's site (role `app_anon`, the
 * workspace set by the publishable key) reads the workspace's campaigns and
 * their daily metrics: read-only, and of campaigns only the columns a widget
 * shows (no budgets, audience or settings).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create policy campaigns_anon_select on public.campaigns for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      grant select (id, workspace_id, name, status, channel, start_date, end_date, created_at)
        on public.campaigns to app_anon;
      create policy campaign_metrics_anon_select on public.campaign_metrics for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      grant select on public.campaign_metrics to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke select on public.campaign_metrics from app_anon;
      drop policy if exists campaign_metrics_anon_select on public.campaign_metrics;
      revoke select (id, workspace_id, name, status, channel, start_date, end_date, created_at)
        on public.campaigns from app_anon;
      drop policy if exists campaigns_anon_select on public.campaigns;
    `)
  }
}
