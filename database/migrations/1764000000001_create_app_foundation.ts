import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The tenancy foundation: runtime roles, the `app` schema with the helpers that
 * RLS policies use, the seed's update_updated_at_column() trigger function, the
 * generic audit trigger and `app.secure_tenant_table()`, which plugins call to
 * give a table the standard policies, grants and triggers in one line.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      -- The security-definer helpers run as the owner of these objects. Tables
      -- have forced RLS, so that owner must bypass RLS (superuser or BYPASSRLS),
      -- or the helpers would be filtered by the very policies that call them.
      do $owner$
      begin
        if not exists (
          select 1 from pg_roles where rolname = current_user and (rolsuper or rolbypassrls)
        ) then
          raise exception 'The database user "%" must be a superuser or have BYPASSRLS to own the platform schema', current_user
            using hint = 'Connect the migrations with such a user (e.g. ALTER ROLE ... BYPASSRLS), see docs/reference/database.md';
        end if;
      end
      $owner$;

      do $roles$
      begin
        if not exists (select 1 from pg_roles where rolname = 'app_authenticated') then
          create role app_authenticated nologin noinherit;
        end if;
        if not exists (select 1 from pg_roles where rolname = 'app_anon') then
          create role app_anon nologin noinherit;
        end if;
        if not exists (select 1 from pg_roles where rolname = 'app_service') then
          create role app_service nologin noinherit bypassrls;
        end if;
      end
      $roles$;

      grant app_authenticated, app_anon, app_service to current_user;

      create schema if not exists app;
      revoke all on schema app from public;
      grant usage on schema app to app_authenticated, app_anon, app_service;
      grant usage on schema public to app_authenticated, app_anon, app_service;

      -- Identity of the current request, set transaction-locally by the platform.
      create or replace function app.current_user_id() returns uuid
        language sql stable
        as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

      create or replace function app.current_workspace_id() returns uuid
        language sql stable
        as $$ select nullif(current_setting('app.workspace_id', true), '')::uuid $$;

      create or replace function app.role_rank(p_role text) returns integer
        language sql immutable
        as $$ select case p_role when 'owner' then 4 when 'admin' then 3 when 'member' then 2 when 'viewer' then 1 else 0 end $$;

      -- Seed: trigger function that keeps updated_at current.
      create or replace function public.update_updated_at_column() returns trigger
        language plpgsql
        as $$
        begin
          new.updated_at = now();
          return new;
        end
        $$;

      create table public.audit_log (
        id bigint generated always as identity primary key,
        workspace_id uuid,
        table_name text not null,
        row_id text,
        operation text not null check (operation in ('INSERT', 'UPDATE', 'DELETE')),
        changed_columns text[],
        actor_id uuid,
        occurred_at timestamptz not null default now()
      );
      create index audit_log_workspace_time_idx on public.audit_log (workspace_id, occurred_at desc);
      create index audit_log_table_row_idx on public.audit_log (table_name, row_id);

      -- Generic audit trigger. Argument 0 names the column that holds the row's
      -- workspace (default workspace_id).
      create or replace function app.audit_trigger() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_old jsonb;
          v_new jsonb;
          v_row jsonb;
          v_changed text[];
          v_column text := coalesce(tg_argv[0], 'workspace_id');
        begin
          if tg_op = 'INSERT' then
            v_new := to_jsonb(new);
            v_row := v_new;
            v_changed := array(select jsonb_object_keys(v_new) order by 1);
          elsif tg_op = 'UPDATE' then
            v_old := to_jsonb(old);
            v_new := to_jsonb(new);
            v_row := v_new;
            v_changed := array(
              select e.key from jsonb_each(v_new) e
              where e.value is distinct from v_old -> e.key
                and e.key not in ('updated_at', 'last_used_at')
              order by 1
            );
            if cardinality(v_changed) = 0 then
              return null;
            end if;
          else
            v_old := to_jsonb(old);
            v_row := v_old;
          end if;
          insert into public.audit_log (workspace_id, table_name, row_id, operation, changed_columns, actor_id)
          values (
            coalesce((v_row ->> v_column)::uuid, app.current_workspace_id()),
            tg_table_name,
            v_row ->> 'id',
            tg_op,
            v_changed,
            app.current_user_id()
          );
          return null;
        end
        $$;
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.audit_log;
      drop function if exists app.audit_trigger();
      drop function if exists public.update_updated_at_column();
      drop schema if exists app cascade;
    `)
  }
}
