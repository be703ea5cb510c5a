import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Metering of the AI gateway: one append-only row per model call, per
 * workspace, written in the caller's transaction. Every member of the
 * workspace can read the workspace's usage; rows are inserted for the caller
 * only (or anonymously by embeds) and never updated or deleted by runtime roles.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.ai_usage_events (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        purpose text not null,
        operation text not null,
        provider text not null,
        model text not null,
        input_tokens integer not null default 0,
        output_tokens integer not null default 0,
        cost_usd numeric(14, 8) not null default 0,
        created_at timestamptz not null default now(),
        constraint ai_usage_events_purpose_format check (purpose ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
        constraint ai_usage_events_operation_check check (operation in ('text', 'stream', 'object', 'embed')),
        constraint ai_usage_events_tokens_check check (input_tokens >= 0 and output_tokens >= 0 and cost_usd >= 0),
        unique (workspace_id, id)
      );
      create index ai_usage_events_workspace_time_idx on public.ai_usage_events (workspace_id, created_at desc);
      create index ai_usage_events_user_idx on public.ai_usage_events (user_id) where user_id is not null;

      alter table public.ai_usage_events enable row level security;
      alter table public.ai_usage_events force row level security;
      create policy ai_usage_events_select on public.ai_usage_events for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('viewer')));
      create policy ai_usage_events_insert on public.ai_usage_events for insert to app_authenticated
        with check (
          workspace_id = (select app.current_workspace_id())
          and user_id is not distinct from (select app.current_user_id())
          and (select app.has_workspace_role('viewer'))
        );
      create policy ai_usage_events_insert_anon on public.ai_usage_events for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()) and user_id is null);
      grant select, insert on public.ai_usage_events to app_authenticated;
      grant insert on public.ai_usage_events to app_anon;
      grant select, insert, update, delete on public.ai_usage_events to app_service;
    `)
  }

  async down() {
    this.schema.raw('drop table if exists public.ai_usage_events')
  }
}
