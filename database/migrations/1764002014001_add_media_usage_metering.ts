import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Metering of the AI gateway's media operations (images, video): the
 * operation check admits `image` and `video`; `units` counts images or
 * seconds of video; `outcome` tells a billed result from one the provider's
 * safety rules filtered (recorded with its reason and a cost of 0).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.ai_usage_events drop constraint ai_usage_events_operation_check;
      alter table public.ai_usage_events add constraint ai_usage_events_operation_check
        check (operation in ('text', 'stream', 'object', 'embed', 'image', 'video'));
      alter table public.ai_usage_events
        add column units numeric(12, 3) not null default 0,
        add column outcome text not null default 'ok',
        add column outcome_reason text;
      alter table public.ai_usage_events add constraint ai_usage_events_outcome_check
        check (outcome in ('ok', 'filtered') and units >= 0);
    `)
  }

  async down() {
    this.schema.raw(`
      alter table public.ai_usage_events drop constraint ai_usage_events_outcome_check;
      alter table public.ai_usage_events drop column units, drop column outcome, drop column outcome_reason;
      alter table public.ai_usage_events drop constraint ai_usage_events_operation_check;
      alter table public.ai_usage_events add constraint ai_usage_events_operation_check
        check (operation in ('text', 'stream', 'object', 'embed'));
    `)
  }
}
