import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Publishable embed keys (`pk_…`): a workspace's key for anonymous widgets on
 * its own web pages (lead form, support ticket, public search). A key is not a
 * secret (it sits in page source), so it is stored as is; what protects the
 * workspace is the list of allowed origins, the capabilities and the per key
 * rate limit. `app.embed_authenticate()` resolves a key and sets the tenant
 * context of an `app_anon` transaction in one round trip;
 * `app.embed_origin_known()` answers CORS preflights that carry no key.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      -- An origin as browsers send it: scheme, host, optional port; no path.
      -- (No question marks here: knex would take them for bindings.)
      create or replace function app.is_web_origin(p_origin text) returns boolean
        language sql immutable
        as $$ select p_origin ~ '^https{0,1}://[a-z0-9]([a-z0-9.-]*[a-z0-9]){0,1}(:[0-9]{1,5}){0,1}$'
          or p_origin ~ '^https{0,1}://\\[[0-9a-f:.]+\\](:[0-9]{1,5}){0,1}$' $$;

      create or replace function app.are_web_origins(p_origins text[]) returns boolean
        language sql immutable
        as $$ select coalesce(bool_and(app.is_web_origin(o)), true) from unnest(p_origins) o $$;

      create table public.embed_keys (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null check (char_length(btrim(name)) between 1 and 100),
        public_key text not null unique check (public_key ~ '^pk_[A-Za-z0-9_-]{32}$'),
        allowed_origins text[] not null
          check (cardinality(allowed_origins) between 1 and 50 and app.are_web_origins(allowed_origins)),
        capabilities text[] not null
          check (cardinality(capabilities) between 1 and 20),
        rate_limit_per_minute integer not null default 30 check (rate_limit_per_minute between 1 and 10000),
        form_definition jsonb check (form_definition is null or jsonb_typeof(form_definition) = 'object'),
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index embed_keys_workspace_idx on public.embed_keys (workspace_id, created_at desc);
      create index embed_keys_origins_idx on public.embed_keys using gin (allowed_origins)
        where revoked_at is null;
      alter table public.embed_keys enable row level security;
      alter table public.embed_keys force row level security;
      create policy embed_keys_admin on public.embed_keys for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select, insert, delete on public.embed_keys to app_authenticated;
      grant update (name, allowed_origins, capabilities, rate_limit_per_minute, form_definition, revoked_at)
        on public.embed_keys to app_authenticated;
      grant select, insert, update, delete on public.embed_keys to app_service;
      create trigger update_embed_keys_updated_at before update on public.embed_keys
        for each row execute function public.update_updated_at_column();
      create trigger embed_keys_audit after insert or update or delete on public.embed_keys
        for each row execute function app.audit_trigger();

      -- Resolves a publishable key for an anonymous embed request and, when it
      -- is active, sets app.workspace_id (and confines the request to it) in
      -- the caller's transaction. Revoked keys are returned too (revoked = true)
      -- so the caller can say why; their workspace is not entered.
      create or replace function app.embed_authenticate(p_public_key text)
        returns table (
          key_id uuid, workspace_id uuid, allowed_origins text[], capabilities text[],
          rate_limit_per_minute integer, form_definition jsonb, revoked boolean
        )
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v public.embed_keys%rowtype;
        begin
          select * into v from public.embed_keys k where k.public_key = p_public_key;
          if v.id is null then
            return;
          end if;
          if v.revoked_at is null then
            update public.embed_keys set last_used_at = now()
              where id = v.id and (last_used_at is null or last_used_at < now() - interval '1 minute');
            perform set_config('app.user_id', '', true);
            perform set_config('app.workspace_id', v.workspace_id::text, true);
            perform set_config('app.credential_workspace_id', v.workspace_id::text, true);
          end if;
          return query select v.id, v.workspace_id, v.allowed_origins, v.capabilities,
            v.rate_limit_per_minute, v.form_definition, v.revoked_at is not null;
        end
        $$;

      -- Whether some active key allows this origin: preflights without a key.
      create or replace function app.embed_origin_known(p_origin text) returns boolean
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$
          select exists (
            select 1 from public.embed_keys k
            where k.revoked_at is null and k.allowed_origins @> array[p_origin]
          )
        $$;

      revoke all on function app.embed_authenticate(text) from public;
      revoke all on function app.embed_origin_known(text) from public;
      grant execute on function app.embed_authenticate(text) to app_anon, app_authenticated, app_service;
      grant execute on function app.embed_origin_known(text) to app_anon, app_authenticated, app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.embed_origin_known(text);
      drop function if exists app.embed_authenticate(text);
      drop table if exists public.embed_keys;
      drop function if exists app.are_web_origins(text[]);
      drop function if exists app.is_web_origin(text);
    `)
  }
}
