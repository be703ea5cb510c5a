import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `<aip-content-calendar>` on a customer's site (role `app_anon`, the
 * workspace set by the publishable key) reads the workspace's calendar and,
 * for an end user whose embed session carries `content:write`, creates,
 * moves and transitions entries through the same calendar service as the
 * API. Without a session only scheduled and published entries are readable;
 * drafts and writing need a
 * verified end-user session (`app.current_end_user_id()`, set by the embed
 * key middleware), never a bare publishable key. Deleting stays out of reach.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create policy content_calendar_anon_select on public.content_calendar for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and (status in ('scheduled', 'published') or (select app.current_end_user_id()) is not null));
      create policy content_calendar_anon_insert on public.content_calendar for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()) and created_by is null
          and assigned_to is null and campaign_id is null
          and (select app.current_end_user_id()) is not null);
      create policy content_calendar_anon_update on public.content_calendar for update to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and (select app.current_end_user_id()) is not null)
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
