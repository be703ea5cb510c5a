import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Credentials and request plumbing: user access tokens, workspace API keys,
 * the rate limiter's store, idempotency records, and `app.authenticate()`, which
 * checks a credential, resolves the workspace and sets the tenant context in
 * the request's own transaction in a single round trip.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.auth_access_tokens (
        id uuid primary key default gen_random_uuid(),
        tokenable_id uuid not null references public.users (id) on delete cascade,
        type text not null default 'auth_token',
        name text,
        hash text not null,
        abilities text not null default '["*"]',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        last_used_at timestamptz,
        expires_at timestamptz
      );
      create index auth_access_tokens_user_idx on public.auth_access_tokens (tokenable_id);
      alter table public.auth_access_tokens enable row level security;
      alter table public.auth_access_tokens force row level security;
      create policy auth_access_tokens_owner on public.auth_access_tokens for all to app_authenticated
        using (tokenable_id = (select app.current_user_id()))
        with check (tokenable_id = (select app.current_user_id()));
      grant select, insert, delete on public.auth_access_tokens to app_authenticated;
      grant select, insert, update, delete on public.auth_access_tokens to app_service;

      create table public.api_keys (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid not null references public.users (id) on delete cascade,
        name text not null check (char_length(btrim(name)) between 1 and 100),
        scopes text[] not null check (cardinality(scopes) > 0),
        hash text not null,
        hint text not null,
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index api_keys_workspace_idx on public.api_keys (workspace_id, created_at desc);
      alter table public.api_keys enable row level security;
      alter table public.api_keys force row level security;
      create policy api_keys_admin on public.api_keys for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select, insert, delete on public.api_keys to app_authenticated;
      grant update (revoked_at) on public.api_keys to app_authenticated;
      grant select, insert, update, delete on public.api_keys to app_service;
      create trigger update_api_keys_updated_at before update on public.api_keys
        for each row execute function public.update_updated_at_column();
      create trigger api_keys_audit after insert or update or delete on public.api_keys
        for each row execute function app.audit_trigger();

      -- Store of @adonisjs/limiter (rate-limiter-flexible layout). Platform
      -- internal: RLS on with no policy, so no runtime role can read it.
      create table public.rate_limits (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );
      alter table public.rate_limits enable row level security;

      -- Responses stored for Idempotency-Key replays (24 hours). The body is
      -- encrypted with APP_KEY: some responses carry one-time secrets.
      create table public.idempotency_keys (
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        key text not null check (char_length(key) between 1 and 255),
        method text not null,
        path text not null,
        request_hash text not null,
        response_status integer,
        response_body text,
        created_at timestamptz not null default now(),
        primary key (workspace_id, user_id, key)
      );
      create index idempotency_keys_created_idx on public.idempotency_keys (created_at);
      select app.secure_tenant_table('public.idempotency_keys', 'user_id', false);

      -- Credential check + tenant context, in the caller's transaction.
      create or replace function app.authenticate(
        p_kind text,
        p_credential_id uuid,
        p_hash text,
        p_workspace_id uuid
      ) returns table (user_id uuid, workspace_id uuid, workspace_role text, scopes text[], credential_id uuid)
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_user uuid;
          v_workspace uuid;
          v_scopes text[];
          v_role text;
        begin
          if p_kind = 'token' then
            select t.tokenable_id into v_user from public.auth_access_tokens t
              where t.id = p_credential_id and t.hash = p_hash
                and (t.expires_at is null or t.expires_at > now());
            if v_user is null then
              return;
            end if;
            update public.auth_access_tokens set last_used_at = now()
              where id = p_credential_id and (last_used_at is null or last_used_at < now() - interval '1 minute');
            v_scopes := array['*'];
            v_workspace := coalesce(
              p_workspace_id,
              (select u.personal_workspace_id from public.users u where u.id = v_user)
            );
          elsif p_kind = 'api_key' then
            select k.created_by, k.workspace_id, k.scopes into v_user, v_workspace, v_scopes
              from public.api_keys k
              where k.id = p_credential_id and k.hash = p_hash and k.revoked_at is null
                and (k.expires_at is null or k.expires_at > now());
            if v_user is null then
              return;
            end if;
            update public.api_keys set last_used_at = now()
              where id = p_credential_id and (last_used_at is null or last_used_at < now() - interval '1 minute');
            if p_workspace_id is not null and p_workspace_id <> v_workspace then
              v_workspace := null;
            end if;
          else
            return;
          end if;

          v_role := case when v_workspace is null then null else app.workspace_role(v_workspace, v_user) end;
          if v_role is null then
            if p_kind = 'api_key' and p_workspace_id is null then
              -- the key's creator left the workspace: the key no longer works
              return;
            end if;
            v_workspace := null;
          end if;
          perform set_config('app.user_id', v_user::text, true);
          perform set_config('app.workspace_id', coalesce(v_workspace::text, ''), true);
          if p_kind = 'api_key' then
            -- confine everything this request does to the key's workspace
            perform set_config('app.credential_workspace_id', coalesce(v_workspace::text, ''), true);
          end if;
          return query select v_user, v_workspace, v_role, v_scopes, p_credential_id;
        end
        $$;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.authenticate(text, uuid, text, uuid);
      drop table if exists public.idempotency_keys;
      drop table if exists public.rate_limits;
      drop table if exists public.api_keys;
      drop table if exists public.auth_access_tokens;
    `)
  }
}
