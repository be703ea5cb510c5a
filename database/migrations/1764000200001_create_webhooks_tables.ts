import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Reliable webhooks: the seed's `webhooks` table (scoped to a workspace, with
 * its secret sealed by the vault's cipher and readable only by the platform),
 * the transactional outbox `webhook_events`, one `webhook_deliveries` row per
 * (event, webhook) and one `webhook_delivery_attempts` row per HTTP attempt. Events are published by
 * SQL functions in the caller's transaction: the fan-out to subscribed webhooks
 * and the graphile-worker delivery jobs exist only if that transaction commits.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.webhooks (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        name text not null,
        url text not null,
        events text[] not null default '{}',
        is_active boolean not null default true,
        -- sealed by the vault's cipher: <key_id>.<iv>.<ciphertext> (re-sealed by secrets:rotate)
        secret_token text,
        last_triggered_at timestamptz,
        last_response_code integer,
        retry_count integer not null default 0,
        consecutive_failures integer not null default 0,
        disabled_at timestamptz,
        disabled_reason text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint webhooks_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint webhooks_url_scheme check ((url ~* '^http://' or url ~* '^https://') and char_length(url) <= 2048),
        constraint webhooks_events_count check (cardinality(events) <= 100),
        constraint webhooks_secret_sealed check (secret_token is null
          or secret_token ~ '^k[0-9a-f]{16}[.][A-Za-z0-9+/=]+[.][A-Za-z0-9+/=]+$'),
        unique (workspace_id, id)
      );
      create index webhooks_workspace_idx on public.webhooks (workspace_id, created_at desc, id);
      create index webhooks_events_idx on public.webhooks using gin (events);

      -- Members read the workspace's webhooks, admins and owners change them.
      alter table public.webhooks enable row level security;
      alter table public.webhooks force row level security;
      create policy webhooks_select on public.webhooks for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('viewer')));
      create policy webhooks_insert on public.webhooks for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      create policy webhooks_update on public.webhooks for update to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()));
      create policy webhooks_delete on public.webhooks for delete to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      -- The (sealed) secret is never readable by a runtime role: only the
      -- delivery job (app_service) reads it to sign.
      grant select (id, workspace_id, user_id, name, url, events, is_active, last_triggered_at,
        last_response_code, retry_count, consecutive_failures, disabled_at, disabled_reason,
        created_at, updated_at) on public.webhooks to app_authenticated;
      grant insert, update, delete on public.webhooks to app_authenticated;
      grant select, insert, update, delete on public.webhooks to app_service;
      create trigger update_webhooks_updated_at before update on public.webhooks
        for each row execute function public.update_updated_at_column();
      -- Audited: configuration changes, not the delivery counters.
      create trigger webhooks_audit
        after insert or delete or update of name, url, events, is_active, secret_token on public.webhooks
        for each row execute function app.audit_trigger();

      -- The outbox: one row per event, written in the transaction that caused it.
      create table public.webhook_events (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        event_type text not null,
        payload jsonb not null default '{}'::jsonb,
        webhook_id uuid,
        created_at timestamptz not null default now(),
        constraint webhook_events_type_format check (event_type ~ '^[a-z][a-z0-9_]*([.][a-z][a-z0-9_]*)+$' and char_length(event_type) <= 100),
        constraint webhook_events_payload_object check (jsonb_typeof(payload) = 'object'),
        unique (workspace_id, id),
        foreign key (workspace_id, webhook_id) references public.webhooks (workspace_id, id) on delete cascade
      );
      create index webhook_events_workspace_idx on public.webhook_events (workspace_id, created_at desc);
      create index webhook_events_created_idx on public.webhook_events (created_at);
      alter table public.webhook_events enable row level security;
      alter table public.webhook_events force row level security;
      create policy webhook_events_select on public.webhook_events for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('viewer')));
      grant select on public.webhook_events to app_authenticated;
      grant select, insert, delete on public.webhook_events to app_service;

      create table public.webhook_deliveries (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        webhook_id uuid not null,
        event_id uuid not null,
        status text not null default 'pending',
        attempts integer not null default 0,
        next_attempt_at timestamptz default now(),
        last_status_code integer,
        last_error text,
        completed_at timestamptz,
        redelivery_of uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint webhook_deliveries_status_check check (status in ('pending', 'succeeded', 'failed', 'cancelled')),
        unique (workspace_id, id),
        foreign key (workspace_id, webhook_id) references public.webhooks (workspace_id, id) on delete cascade,
        foreign key (workspace_id, event_id) references public.webhook_events (workspace_id, id) on delete cascade
      );
      create index webhook_deliveries_webhook_idx
        on public.webhook_deliveries (workspace_id, webhook_id, created_at desc, id desc);
      create index webhook_deliveries_event_idx on public.webhook_deliveries (workspace_id, event_id);
      alter table public.webhook_deliveries enable row level security;
      alter table public.webhook_deliveries force row level security;
      create policy webhook_deliveries_select on public.webhook_deliveries for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('viewer')));
      -- Admins create deliveries (manual redelivery); the platform does the rest.
      create policy webhook_deliveries_insert on public.webhook_deliveries for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select, insert on public.webhook_deliveries to app_authenticated;
      grant select, insert, update, delete on public.webhook_deliveries to app_service;
      create trigger update_webhook_deliveries_updated_at before update on public.webhook_deliveries
        for each row execute function public.update_updated_at_column();

      create table public.webhook_delivery_attempts (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        delivery_id uuid not null,
        attempt_number integer not null check (attempt_number >= 1),
        succeeded boolean not null,
        status_code integer,
        duration_ms integer not null default 0,
        error text,
        response_excerpt text,
        created_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (delivery_id, attempt_number),
        foreign key (workspace_id, delivery_id) references public.webhook_deliveries (workspace_id, id) on delete cascade
      );
      create index webhook_delivery_attempts_delivery_idx
        on public.webhook_delivery_attempts (workspace_id, delivery_id, attempt_number);
      alter table public.webhook_delivery_attempts enable row level security;
      alter table public.webhook_delivery_attempts force row level security;
      create policy webhook_delivery_attempts_select on public.webhook_delivery_attempts for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('viewer')));
      grant select on public.webhook_delivery_attempts to app_authenticated;
      grant select, insert, update, delete on public.webhook_delivery_attempts to app_service;

      -- Every new delivery gets its graphile-worker job in the same transaction.
      create or replace function app.schedule_webhook_delivery() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          perform graphile_worker.add_job(
            identifier := 'core/webhook_deliver',
            payload := json_build_object('delivery_id', new.id),
            job_key := 'webhook-delivery:' || new.id::text,
            max_attempts := 10
          );
          return null;
        end
        $$;
      create trigger webhook_deliveries_schedule after insert on public.webhook_deliveries
        for each row execute function app.schedule_webhook_delivery();

      -- Writes an event to the outbox of a workspace and fans it out to the
      -- active webhooks subscribed to its type (or only to p_webhook). Internal:
      -- callers go through app.emit_webhook_event() or triggers.
      create or replace function app.publish_webhook_event(
        p_workspace uuid,
        p_type text,
        p_data jsonb,
        p_webhook uuid default null
      ) returns uuid
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_event uuid;
        begin
          insert into public.webhook_events (workspace_id, event_type, payload, webhook_id)
            values (p_workspace, p_type, coalesce(p_data, '{}'::jsonb), p_webhook)
            returning id into v_event;
          insert into public.webhook_deliveries (workspace_id, webhook_id, event_id)
            select w.workspace_id, w.id, v_event from public.webhooks w
            where w.workspace_id = p_workspace
              and case when p_webhook is null
                then w.is_active and (w.events @> array[p_type] or w.events @> array['*'])
                else w.id = p_webhook end;
          return v_event;
        end
        $$;
      revoke execute on function app.publish_webhook_event(uuid, text, jsonb, uuid) from public;
      grant execute on function app.publish_webhook_event(uuid, text, jsonb, uuid) to app_service;

      -- What emitEvent() calls: an event of the transaction's own workspace.
      create or replace function app.emit_webhook_event(
        p_type text,
        p_data jsonb,
        p_webhook uuid default null
      ) returns uuid
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_workspace uuid := app.current_workspace_id();
        begin
          if v_workspace is null then
            raise exception 'emit_webhook_event needs a workspace in the tenant context' using errcode = '42501';
          end if;
          if p_webhook is not null and not exists (
            select 1 from public.webhooks where id = p_webhook and workspace_id = v_workspace
          ) then
            raise exception 'no such webhook in this workspace' using errcode = 'P0002';
          end if;
          return app.publish_webhook_event(v_workspace, p_type, p_data, p_webhook);
        end
        $$;
      revoke execute on function app.emit_webhook_event(text, jsonb, uuid) from public;
      grant execute on function app.emit_webhook_event(text, jsonb, uuid)
        to app_authenticated, app_anon, app_service;

      -- Core events raised by the database itself: membership changes, whatever
      -- path (invitation, workspace creation, removal) made them.
      create or replace function app.webhook_member_events() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          if tg_op = 'INSERT' then
            perform app.publish_webhook_event(new.workspace_id, 'workspace.member_added',
              jsonb_build_object('workspace_id', new.workspace_id, 'user_id', new.user_id, 'role', new.role));
          elsif exists (select 1 from public.workspaces where id = old.workspace_id) then
            perform app.publish_webhook_event(old.workspace_id, 'workspace.member_removed',
              jsonb_build_object('workspace_id', old.workspace_id, 'user_id', old.user_id, 'role', old.role));
          end if;
          return null;
        end
        $$;
      create trigger workspace_members_webhook_events after insert or delete on public.workspace_members
        for each row execute function app.webhook_member_events();
    `)
  }

  async down() {
    this.schema.raw(`
      drop trigger if exists workspace_members_webhook_events on public.workspace_members;
      drop function if exists app.webhook_member_events();
      drop function if exists app.emit_webhook_event(text, jsonb, uuid);
      drop function if exists app.publish_webhook_event(uuid, text, jsonb, uuid);
      drop table if exists public.webhook_delivery_attempts;
      drop table if exists public.webhook_deliveries;
      drop function if exists app.schedule_webhook_delivery();
      drop table if exists public.webhook_events;
      drop table if exists public.webhooks;
    `)
  }
}
