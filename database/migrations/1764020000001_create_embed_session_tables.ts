import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Embed sessions: a workspace's secret keys (`sk_…`, server side only) with
 * which the host's backend signs short-lived HS256 tokens for its logged-in
 * end users, and the end users those tokens named (the workspace's contact
 * record of each). Secrets are stored sealed by the vault (`sealText`), never
 * in clear. Anonymous embed requests (`app_anon`) reach neither table
 * directly: `app.embed_session_secret()` gives the sealed secret of a key of
 * the request's workspace, `app.embed_session_enter()` records the end user
 * and sets `app.end_user_id` for the rest of the transaction, which RLS
 * policies read through `app.current_end_user_id()`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.embed_secret_keys (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null check (char_length(btrim(name)) between 1 and 100),
        secret_encrypted text not null,
        secret_hint text not null check (char_length(secret_hint) = 4),
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index embed_secret_keys_workspace_idx
        on public.embed_secret_keys (workspace_id, created_at desc, id desc);
      alter table public.embed_secret_keys enable row level security;
      alter table public.embed_secret_keys force row level security;
      create policy embed_secret_keys_admin on public.embed_secret_keys for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select, insert on public.embed_secret_keys to app_authenticated;
      grant update (name, revoked_at) on public.embed_secret_keys to app_authenticated;
      grant select, insert, update, delete on public.embed_secret_keys to app_service;
      create trigger update_embed_secret_keys_updated_at before update on public.embed_secret_keys
        for each row execute function public.update_updated_at_column();
      create trigger embed_secret_keys_audit after insert or update or delete on public.embed_secret_keys
        for each row execute function app.audit_trigger();

      create table public.embed_end_users (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        external_id text not null check (char_length(external_id) between 1 and 200),
        name text check (name is null or char_length(name) <= 200),
        email text check (email is null or char_length(email) <= 254),
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        sessions_revoked_before timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, external_id),
        unique (workspace_id, id)
      );
      create index embed_end_users_workspace_idx
        on public.embed_end_users (workspace_id, created_at desc, id desc);
      alter table public.embed_end_users enable row level security;
      alter table public.embed_end_users force row level security;
      create policy embed_end_users_admin on public.embed_end_users for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select, delete on public.embed_end_users to app_authenticated;
      grant update (sessions_revoked_before) on public.embed_end_users to app_authenticated;
      grant select, insert, update, delete on public.embed_end_users to app_service;
      create trigger update_embed_end_users_updated_at before update on public.embed_end_users
        for each row execute function public.update_updated_at_column();

      -- The end user of the current embed session (set by app.embed_session_enter).
      create or replace function app.current_end_user_id() returns uuid
        language sql stable
        as $$ select nullif(current_setting('app.end_user_id', true), '')::uuid $$;

      -- The sealed secret of one secret key of the request's workspace (set by
      -- app.embed_authenticate); nothing for another workspace's key.
      create or replace function app.embed_session_secret(p_key_id uuid)
        returns table (secret_encrypted text, revoked boolean)
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          update public.embed_secret_keys set last_used_at = now()
            where id = p_key_id and workspace_id = app.current_workspace_id() and revoked_at is null
              and (last_used_at is null or last_used_at < now() - interval '1 minute');
          return query select k.secret_encrypted, k.revoked_at is not null
            from public.embed_secret_keys k
            where k.id = p_key_id and k.workspace_id = app.current_workspace_id();
        end
        $$;

      -- Records a verified session's end user in the request's workspace (first
      -- and last seen, latest name and e-mail) and, unless the user's sessions
      -- issued at or before p_issued_at were revoked, makes them the current end
      -- user of the transaction.
      create or replace function app.embed_session_enter(
        p_external_id text, p_name text, p_email text, p_issued_at timestamptz
      ) returns table (end_user_id uuid, revoked boolean)
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v public.embed_end_users%rowtype;
        begin
          if app.current_workspace_id() is null then
            raise exception 'embed_session_enter needs a workspace';
          end if;
          insert into public.embed_end_users as u (workspace_id, external_id, name, email)
            values (app.current_workspace_id(), p_external_id, p_name, p_email)
            on conflict (workspace_id, external_id) do update
              set name = coalesce(excluded.name, u.name),
                  email = coalesce(excluded.email, u.email),
                  last_seen_at = now()
              -- no write when nothing changed within the minute
              where u.name is distinct from coalesce(excluded.name, u.name)
                or u.email is distinct from coalesce(excluded.email, u.email)
                or u.last_seen_at < now() - interval '1 minute'
            returning * into v;
          if v.id is null then
            select * into v from public.embed_end_users u
              where u.workspace_id = app.current_workspace_id() and u.external_id = p_external_id;
          end if;
          if v.sessions_revoked_before is not null and p_issued_at <= v.sessions_revoked_before then
            return query select v.id, true;
            return;
          end if;
          perform set_config('app.end_user_id', v.id::text, true);
          return query select v.id, false;
        end
        $$;

      revoke all on function app.embed_session_secret(uuid) from public;
      revoke all on function app.embed_session_enter(text, text, text, timestamptz) from public;
      grant execute on function app.embed_session_secret(uuid) to app_anon, app_service;
      grant execute on function app.embed_session_enter(text, text, text, timestamptz) to app_anon, app_service;
      grant execute on function app.current_end_user_id() to app_anon, app_authenticated, app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.embed_session_enter(text, text, text, timestamptz);
      drop function if exists app.embed_session_secret(uuid);
      drop function if exists app.current_end_user_id();
      drop table if exists public.embed_end_users;
      drop table if exists public.embed_secret_keys;
    `)
  }
}
