import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Inbound bounces (delivery status notifications and provider webhooks) are
 * posted to a signed per-workspace link and handled as `app_anon` in that
 * workspace, like the unsubscribe link. Counting an address's recent soft
 * bounces needs to read its events: app_anon may now select them (its own
 * workspace's only).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create policy email_events_anon_select on public.email_events for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      grant select on public.email_events to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke select on public.email_events from app_anon;
      drop policy if exists email_events_anon_select on public.email_events;
    `)
  }
}
