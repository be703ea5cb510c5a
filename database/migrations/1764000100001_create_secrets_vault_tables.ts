import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The secrets vault: the seed's `user_secrets` and `secret_audit_logs`, scoped
 * to a workspace and user-private under RLS. Values are sealed by the
 * application (AES-256-GCM); `key_id` names the key that sealed each row so keys
 * can rotate, `value_hint` keeps the last characters of long values so people
 * recognise them. The audit log is append-only for the runtime roles.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.user_secrets (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        service_name text not null,
        encrypted_value text not null,
        initialization_vector text not null,
        key_id text not null,
        value_hint text,
        is_active boolean default true,
        last_used_at timestamptz,
        metadata jsonb default '{}'::jsonb,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint user_secrets_service_name_format check (service_name ~ '^[a-z][a-z0-9_.-]{0,63}$'),
        constraint user_secrets_metadata_object check (jsonb_typeof(metadata) = 'object'),
        constraint user_secrets_hint_length check (value_hint is null or char_length(value_hint) <= 8),
        unique (workspace_id, user_id, service_name),
        unique (workspace_id, id)
      );
      create index user_secrets_key_id_idx on public.user_secrets (key_id);
      select app.secure_tenant_table('public.user_secrets', 'user_id');

      -- updated_at tracks changes people make: marking a secret as used
      -- (last_used_at) or re-sealing it under a new key (secrets:rotate sets
      -- app.secrets_rotating) leaves it alone.
      drop trigger update_user_secrets_updated_at on public.user_secrets;
      create or replace function app.touch_user_secret() returns trigger
        language plpgsql
        as $$
        begin
          if coalesce(current_setting('app.secrets_rotating', true), '') = 'on'
            or (to_jsonb(new) - 'last_used_at' - 'updated_at') = (to_jsonb(old) - 'last_used_at' - 'updated_at') then
            new.updated_at = old.updated_at;
          else
            new.updated_at = now();
          end if;
          return new;
        end
        $$;
      create trigger update_user_secrets_updated_at before update on public.user_secrets
        for each row execute function app.touch_user_secret();

      create table public.secret_audit_logs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete cascade,
        service_name text not null,
        operation text not null,
        purpose text,
        ip_address inet,
        user_agent text,
        success boolean not null,
        error_message text,
        created_at timestamptz default now(),
        constraint secret_audit_logs_operation_check
          check (operation in ('create', 'read', 'update', 'delete', 'reveal', 'rotate')),
        constraint secret_audit_logs_user_agent_length check (user_agent is null or char_length(user_agent) <= 512),
        unique (workspace_id, id)
      );
      create index secret_audit_logs_owner_time_idx
        on public.secret_audit_logs (workspace_id, user_id, created_at desc, id desc);

      alter table public.secret_audit_logs enable row level security;
      alter table public.secret_audit_logs force row level security;
      create policy secret_audit_logs_select on public.secret_audit_logs for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id())
          and user_id = (select app.current_user_id())
          and (select app.has_workspace_role('viewer')));
      create policy secret_audit_logs_insert on public.secret_audit_logs for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id())
          and user_id = (select app.current_user_id())
          and (select app.has_workspace_role('viewer')));
      grant select, insert on public.secret_audit_logs to app_authenticated;
      grant select, insert, update, delete on public.secret_audit_logs to app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.secret_audit_logs;
      drop table if exists public.user_secrets;
      drop function if exists app.touch_user_secret();
    `)
  }
}
