import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A bounce reported twice (a relay that delivers the same notification again,
 * a provider that retries its webhook) is recorded once: its `bounced` event
 * carries a key derived from the report (`report_key`, see
 * services/bounce_service.ts), unique per workspace. Without it a repeated
 * soft bounce counted twice towards suppression.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.email_events
        add column report_key text check (report_key is null or char_length(report_key) = 64);
      create unique index email_events_report_key_idx on public.email_events (workspace_id, report_key)
        where report_key is not null;
    `)
  }

  async down() {
    this.schema.raw(`alter table public.email_events drop column report_key;`)
  }
}
