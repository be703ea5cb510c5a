import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `<aip-autopilot-inbox>` on a vendor's app: an end user whose embed session
 * carries `autopilot:read` sees the approval queue and the lead inbox, and
 * with `autopilot:write` approves or rejects proposals through the same
 * service as the admin API (the approval applies the channel's budgets to its
 * campaigns). Embed requests run as `app_anon` in the key's workspace; these
 * policies open the rows to them only when a verified end-user session is
 * set (`app.current_end_user_id()`, set by the embed key middleware), never
 * to a bare publishable key. Who decided is recorded as that end user.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.autopilot_proposals
        add column decided_by_end_user_id uuid,
        add foreign key (workspace_id, decided_by_end_user_id)
          references public.embed_end_users (workspace_id, id) on delete set null (decided_by_end_user_id);

      create policy autopilot_proposals_end_user_select on public.autopilot_proposals
        for select to app_anon
        using (workspace_id = (select app.current_workspace_id()) and (select app.current_end_user_id()) is not null);
      create policy autopilot_proposals_end_user_update on public.autopilot_proposals
        for update to app_anon
        using (workspace_id = (select app.current_workspace_id()) and (select app.current_end_user_id()) is not null)
        with check (workspace_id = (select app.current_workspace_id()) and decided_by is null
          and (decided_by_end_user_id is null or decided_by_end_user_id = (select app.current_end_user_id())));
      grant select on public.autopilot_proposals to app_anon;
      grant update (status, applied_at, application, decided_by, decided_by_end_user_id, decided_at, decision_note)
        on public.autopilot_proposals to app_anon;

      create policy autopilot_lead_inbox_end_user_select on public.autopilot_lead_inbox
        for select to app_anon
        using (workspace_id = (select app.current_workspace_id()) and (select app.current_end_user_id()) is not null);
      grant select on public.autopilot_lead_inbox to app_anon;

      -- Applying an approved proposal sets the daily budget of the channel's
      -- campaigns and records it on their latest performance snapshot.
      create policy campaigns_end_user_budget on public.campaigns for all to app_anon
        using (workspace_id = (select app.current_workspace_id()) and (select app.current_end_user_id()) is not null)
        with check (workspace_id = (select app.current_workspace_id()));
      grant select on public.campaigns to app_anon;
      grant update (settings) on public.campaigns to app_anon;
      create policy campaign_performance_monitor_end_user on public.campaign_performance_monitor
        for all to app_anon
        using (workspace_id = (select app.current_workspace_id()) and (select app.current_end_user_id()) is not null)
        with check (workspace_id = (select app.current_workspace_id()));
      grant select on public.campaign_performance_monitor to app_anon;
      grant update (auto_actions_taken) on public.campaign_performance_monitor to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke update (auto_actions_taken) on public.campaign_performance_monitor from app_anon;
      revoke select on public.campaign_performance_monitor from app_anon;
      drop policy if exists campaign_performance_monitor_end_user on public.campaign_performance_monitor;
      revoke update (settings) on public.campaigns from app_anon;
      revoke select on public.campaigns from app_anon;
      drop policy if exists campaigns_end_user_budget on public.campaigns;
      revoke select on public.autopilot_lead_inbox from app_anon;
      drop policy if exists autopilot_lead_inbox_end_user_select on public.autopilot_lead_inbox;
      revoke update (status, applied_at, application, decided_by, decided_by_end_user_id, decided_at, decision_note)
        on public.autopilot_proposals from app_anon;
      revoke select on public.autopilot_proposals from app_anon;
      drop policy if exists autopilot_proposals_end_user_update on public.autopilot_proposals;
      drop policy if exists autopilot_proposals_end_user_select on public.autopilot_proposals;
      alter table public.autopilot_proposals drop column if exists decided_by_end_user_id;
    `)
  }
}
