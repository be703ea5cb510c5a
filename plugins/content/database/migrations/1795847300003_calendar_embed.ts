import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `<aip-content-calendar>` on a customer's site (role `app_anon`, the
 * workspace set by the publishable key) reads the workspace's calendar and,
 * for an end user whose embed session carries `content:write`, creates,
 * moves and transitions entries through the same calendar service as the
 * API. The route policy refuses writes without such a session; these
 * policies keep the rows inside the key's workspace, and deleting stays out
 * of reach.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create policy content_calendar_anon_select on public.content_calendar for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy content_calendar_anon_insert on public.content_calendar for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()) and created_by is null
          and assigned_to is null and campaign_id is null);
      create policy content_calendar_anon_update on public.content_calendar for update to app_anon
        using (workspace_id = (select app.current_workspace_id()))
        with check (workspace_id = (select app.current_workspace_id()));
      grant select, insert, update on public.content_calendar to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke select, insert, update on public.content_calendar from app_anon;
      drop policy if exists content_calendar_anon_update on public.content_calendar;
      drop policy if exists content_calendar_anon_insert on public.content_calendar;
      drop policy if exists content_calendar_anon_select on public.content_calendar;
    `)
  }
}
