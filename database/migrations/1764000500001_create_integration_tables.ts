import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Integrations and OAuth, from the seed's "Integrations & Connections" tables,
 * scoped to a workspace and private to their user under RLS:
 * - `oauth_states`: one row per authorization in flight (CSRF state, PKCE
 *   verifier sealed by the vault's cipher, 10-minute expiry, single use);
 * - `oauth_connections` (business integrations) and
 *   `social_platform_connections` (social accounts): OAuth tokens, sealed;
 * - `integration_connections`: API-key style services, credentials sealed.
 * Plus the seed's `cleanup_expired_oauth_states()` and `app.consume_oauth_state()`,
 * which lets the unauthenticated callback take its state exactly once.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.oauth_states (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        -- SHA-256 (hex) of the state sent to the provider; the state itself is never stored
        state_token text not null,
        platform_name text not null,
        redirect_uri text not null,
        code_verifier_encrypted text,
        requested_scopes text[] not null default '{}',
        return_to text,
        created_at timestamptz default now(),
        expires_at timestamptz not null default now() + interval '10 minutes',
        constraint oauth_states_state_token_format check (state_token ~ '^[0-9a-f]{64}$'),
        constraint oauth_states_platform_name_format check (platform_name ~ '^[a-z][a-z0-9_-]{0,63}$'),
        unique (workspace_id, id)
      );
      create unique index idx_oauth_states_token on public.oauth_states (state_token);
      create index idx_oauth_states_expires on public.oauth_states (expires_at);
      create index idx_oauth_states_user on public.oauth_states (workspace_id, user_id);
      select app.secure_tenant_table('public.oauth_states', 'user_id', false);

      create table public.oauth_connections (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        platform_name text not null,
        platform_user_id text,
        platform_username text,
        access_token_encrypted text not null,
        refresh_token_encrypted text,
        token_expires_at timestamptz,
        connection_status text default 'connected',
        connection_metadata jsonb default '{}'::jsonb,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint oauth_connections_platform_name_format check (platform_name ~ '^[a-z][a-z0-9_-]{0,63}$'),
        constraint oauth_connections_status_check check (connection_status in ('connected', 'expired', 'error')),
        constraint oauth_connections_metadata_object check (jsonb_typeof(connection_metadata) = 'object'),
        unique (workspace_id, id)
      );
      create unique index idx_oauth_connections_user_platform_unique
        on public.oauth_connections (workspace_id, user_id, platform_name);
      create index idx_oauth_connections_user_id on public.oauth_connections (workspace_id, user_id);
      create index idx_oauth_connections_platform_name on public.oauth_connections (workspace_id, platform_name);
      create index idx_oauth_connections_refresh_due on public.oauth_connections (token_expires_at)
        where connection_status = 'connected' and refresh_token_encrypted is not null;
      select app.secure_tenant_table('public.oauth_connections', 'user_id');

      create table public.social_platform_connections (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        platform_name text not null,
        connection_status text default 'disconnected',
        access_token_encrypted text,
        refresh_token_encrypted text,
        token_expires_at timestamptz,
        platform_user_id text,
        platform_username text,
        connection_metadata jsonb default '{}'::jsonb,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint social_platform_connections_platform_name_format check (platform_name ~ '^[a-z][a-z0-9_-]{0,63}$'),
        constraint social_platform_connections_status_check
          check (connection_status in ('connected', 'disconnected', 'expired', 'error')),
        constraint social_platform_connections_metadata_object check (jsonb_typeof(connection_metadata) = 'object'),
        unique (workspace_id, id)
      );
      create unique index idx_social_connections_user_platform
        on public.social_platform_connections (workspace_id, user_id, platform_name);
      create index idx_social_connections_refresh_due on public.social_platform_connections (token_expires_at)
        where connection_status = 'connected' and refresh_token_encrypted is not null;
      select app.secure_tenant_table('public.social_platform_connections', 'user_id');

      create table public.integration_connections (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        service_name text not null,
        connection_status text default 'disconnected',
        last_sync_at timestamptz,
        sync_status text default 'idle',
        configuration jsonb default '{}'::jsonb,
        -- the service's credentials (a JSON object), sealed by the vault's cipher
        credentials_encrypted text,
        error_message text,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint integration_connections_service_name_format check (service_name ~ '^[a-z][a-z0-9_-]{0,63}$'),
        constraint integration_connections_status_check
          check (connection_status in ('connected', 'disconnected', 'error', 'pending')),
        constraint integration_connections_sync_status_check
          check (sync_status in ('idle', 'syncing', 'error', 'success')),
        constraint integration_connections_configuration_object check (jsonb_typeof(configuration) = 'object'),
        unique (workspace_id, user_id, service_name),
        unique (workspace_id, id)
      );
      create index idx_integration_connections_user_id on public.integration_connections (workspace_id, user_id);
      create index idx_integration_connections_service_name on public.integration_connections (workspace_id, service_name);
      create index idx_integration_connections_connection_status on public.integration_connections (workspace_id, connection_status);
      select app.secure_tenant_table('public.integration_connections', 'user_id');

      -- Seed: delete expired OAuth state tokens (hourly core job).
      create or replace function public.cleanup_expired_oauth_states() returns void
        language sql security definer
        set search_path = pg_catalog, public
        as $$ delete from public.oauth_states where expires_at < now() $$;
      revoke execute on function public.cleanup_expired_oauth_states() from public;
      grant execute on function public.cleanup_expired_oauth_states() to app_service;

      -- The OAuth callback has no bearer token: the state identifies the user and
      -- workspace. Deleting while reading makes every state single use, even
      -- under concurrent callbacks; the caller learns whether it had expired and
      -- whether the user still belongs to the workspace.
      create or replace function app.consume_oauth_state(p_state_hash text)
        returns table (
          workspace_id uuid, user_id uuid, platform_name text, redirect_uri text,
          code_verifier_encrypted text, requested_scopes text[], return_to text,
          expired boolean, is_member boolean
        )
        language sql security definer
        set search_path = pg_catalog, public
        as $$
          delete from public.oauth_states s where s.state_token = p_state_hash
          returning s.workspace_id, s.user_id, s.platform_name, s.redirect_uri,
            s.code_verifier_encrypted, s.requested_scopes, s.return_to,
            s.expires_at <= now(), app.workspace_role(s.workspace_id, s.user_id) is not null
        $$;
      revoke execute on function app.consume_oauth_state(text) from public;
      grant execute on function app.consume_oauth_state(text) to app_anon, app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.consume_oauth_state(text);
      drop function if exists public.cleanup_expired_oauth_states();
      drop table if exists public.integration_connections;
      drop table if exists public.social_platform_connections;
      drop table if exists public.oauth_connections;
      drop table if exists public.oauth_states;
    `)
  }
}
