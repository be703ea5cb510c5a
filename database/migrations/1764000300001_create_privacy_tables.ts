import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Privacy / GDPR tables of the seed, scoped to a workspace and private to their
 * user: consent settings, export requests, deletion requests and the privacy
 * audit trail. Deletion requests and the audit trail deliberately have no
 * foreign keys to users or workspaces: they must outlive an erased account as
 * the record of what was erased.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.user_privacy_settings (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        data_processing_consent boolean default false,
        marketing_consent boolean default false,
        analytics_consent boolean default false,
        third_party_consent boolean default false,
        data_retention_days integer default 730,
        right_to_be_deleted_requested boolean default false,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint user_privacy_settings_retention_range
          check (data_retention_days is null or data_retention_days between 1 and 36500),
        unique (workspace_id, user_id),
        unique (workspace_id, id)
      );
      create index idx_user_privacy_settings_user_id on public.user_privacy_settings (user_id);
      select app.secure_tenant_table('public.user_privacy_settings', 'user_id');

      create table public.data_export_requests (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        request_id text not null unique
          default ('EXP-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))),
        user_id uuid not null references public.users (id) on delete cascade,
        status text not null default 'pending',
        progress integer not null default 0,
        requested_at timestamptz default now(),
        completed_at timestamptz,
        download_url text,
        expires_at timestamptz,
        storage_key text,
        archive_bytes bigint,
        summary jsonb not null default '{}'::jsonb,
        error text,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint data_export_requests_status_check
          check (status in ('pending', 'processing', 'completed', 'failed', 'expired')),
        constraint data_export_requests_progress_range check (progress between 0 and 100),
        unique (workspace_id, id)
      );
      create index data_export_requests_owner_idx
        on public.data_export_requests (workspace_id, user_id, created_at desc);
      select app.secure_tenant_table('public.data_export_requests', 'user_id');

      create table public.data_deletion_requests (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        request_id text not null unique
          default ('DEL-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))),
        user_id uuid not null,
        status text not null default 'awaiting_confirmation',
        requested_at timestamptz default now(),
        completed_at timestamptz,
        confirmation_required boolean default true,
        confirmation_token_hash text,
        confirmation_expires_at timestamptz,
        confirmed_at timestamptz,
        reason text,
        summary jsonb not null default '{}'::jsonb,
        error text,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint data_deletion_requests_status_check check (status in (
          'awaiting_confirmation', 'pending', 'processing', 'completed', 'failed', 'expired'
        )),
        constraint data_deletion_requests_reason_length check (reason is null or char_length(reason) <= 1000),
        unique (workspace_id, id)
      );
      create index data_deletion_requests_owner_idx
        on public.data_deletion_requests (workspace_id, user_id, created_at desc);
      select app.secure_tenant_table('public.data_deletion_requests', 'user_id');

      -- Append-only for users: they read and add their own entries, nobody
      -- edits them; only platform maintenance (app_service) may prune.
      create table public.privacy_audit_log (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        user_id uuid not null,
        event_type text not null,
        details jsonb default '{}'::jsonb,
        ip_address text,
        user_agent text,
        "timestamp" timestamptz default now(),
        created_at timestamptz default now(),
        constraint privacy_audit_log_event_type_format check (event_type ~ '^[a-z][a-z0-9_.]{0,63}$')
      );
      create index idx_privacy_audit_log_user_id on public.privacy_audit_log (user_id);
      create index idx_privacy_audit_log_timestamp on public.privacy_audit_log ("timestamp");
      create index privacy_audit_log_owner_idx
        on public.privacy_audit_log (workspace_id, user_id, "timestamp" desc);
      alter table public.privacy_audit_log enable row level security;
      alter table public.privacy_audit_log force row level security;
      create policy privacy_audit_log_select on public.privacy_audit_log for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and user_id = (select app.current_user_id()));
      create policy privacy_audit_log_insert on public.privacy_audit_log for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id()) and user_id = (select app.current_user_id()));
      grant select, insert on public.privacy_audit_log to app_authenticated;
      grant select, insert, delete on public.privacy_audit_log to app_service;
      -- Erasure redacts the client details of the entries it keeps.
      grant update (ip_address, user_agent) on public.privacy_audit_log to app_service;

      -- Erasure anonymises the actor of the generic audit trail.
      grant update (actor_id) on public.audit_log to app_service;

      -- Re-authentication inside a request transaction: the caller's own password
      -- hash, which the runtime role cannot select directly.
      create or replace function app.current_user_password_hash() returns text
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$ select u.password from public.users u where u.id = app.current_user_id() $$;
      revoke execute on function app.current_user_password_hash() from public;
      grant execute on function app.current_user_password_hash() to app_authenticated;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.current_user_password_hash();
      revoke update (actor_id) on public.audit_log from app_service;
      drop table if exists public.privacy_audit_log;
      drop table if exists public.data_deletion_requests;
      drop table if exists public.data_export_requests;
      drop table if exists public.user_privacy_settings;
    `)
  }
}
