import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's `user_analytics_events`, scoped to a workspace: users record and
 * read their own events; workspace admins read everyone's. Indexes lead with
 * the policy columns and serve the list route's filters (type, time).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.user_analytics_events (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete cascade,
        event_type text not null,
        event_data jsonb default '{}'::jsonb,
        created_at timestamptz default now(),
        constraint user_analytics_events_type_format check (event_type ~ '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$'),
        constraint user_analytics_events_data_object check (jsonb_typeof(event_data) = 'object'),
        unique (workspace_id, id)
      );
      create index idx_user_analytics_events_created_at
        on public.user_analytics_events (workspace_id, created_at desc, id desc);
      create index idx_user_analytics_events_user_id
        on public.user_analytics_events (workspace_id, user_id, created_at desc, id desc);
      create index idx_user_analytics_events_type
        on public.user_analytics_events (workspace_id, event_type, created_at desc, id desc);

      alter table public.user_analytics_events enable row level security;
      alter table public.user_analytics_events force row level security;
      create policy user_analytics_events_select on public.user_analytics_events for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id())
          and (user_id = (select app.current_user_id()) or (select app.has_workspace_role('admin')))
          and (select app.has_workspace_role('viewer')));
      create policy user_analytics_events_insert on public.user_analytics_events for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id())
          and user_id = (select app.current_user_id())
          and (select app.has_workspace_role('viewer')));
      grant select, insert on public.user_analytics_events to app_authenticated;
      grant select, insert, update, delete on public.user_analytics_events to app_service;
    `)
  }

  async down() {
    this.schema.raw('drop table if exists public.user_analytics_events')
  }
}
