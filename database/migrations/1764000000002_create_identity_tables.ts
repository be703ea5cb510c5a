import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Identity and tenancy: users, workspaces (with optional agency parent),
 * memberships and invitations, the membership helpers that policies call, and
 * `app.secure_tenant_table()` for every tenant table that follows.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.users (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        password text not null,
        full_name text,
        user_metadata jsonb not null default '{}'::jsonb,
        personal_workspace_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint users_email_format check (email ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'),
        constraint users_full_name_length check (full_name is null or char_length(full_name) <= 200)
      );
      create unique index users_email_lower_key on public.users (lower(email));

      create table public.workspaces (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        parent_id uuid references public.workspaces (id) on delete restrict,
        is_personal boolean not null default false,
        created_by uuid references public.users (id) on delete set null,
        settings jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint workspaces_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint workspaces_not_own_parent check (parent_id is null or parent_id <> id)
      );
      create index workspaces_parent_idx on public.workspaces (parent_id);

      alter table public.users
        add constraint users_personal_workspace_fk foreign key (personal_workspace_id)
        references public.workspaces (id) on delete set null;

      create table public.workspace_members (
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (workspace_id, user_id)
      );
      create index workspace_members_user_idx on public.workspace_members (user_id);

      create table public.workspace_invitations (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        email text not null,
        role text not null check (role in ('admin', 'member', 'viewer')),
        token_hash text not null unique,
        invited_by uuid references public.users (id) on delete set null,
        expires_at timestamptz not null,
        accepted_at timestamptz,
        accepted_by uuid references public.users (id) on delete set null,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create unique index workspace_invitations_open_email_key
        on public.workspace_invitations (workspace_id, lower(email))
        where accepted_at is null and revoked_at is null;

      -- Agency nesting is one level deep and personal workspaces have no clients.
      create or replace function app.check_workspace_parent() returns trigger
        language plpgsql
        as $$
        declare
          v_parent public.workspaces%rowtype;
        begin
          if new.parent_id is null then
            return new;
          end if;
          select * into v_parent from public.workspaces where id = new.parent_id;
          if v_parent.parent_id is not null then
            raise exception 'a client workspace cannot itself have clients' using errcode = '23514';
          end if;
          if v_parent.is_personal then
            raise exception 'a personal workspace cannot have client workspaces' using errcode = '23514';
          end if;
          return new;
        end
        $$;
      create trigger workspaces_check_parent before insert or update of parent_id on public.workspaces
        for each row execute function app.check_workspace_parent();

      -- Effective role of a user in a workspace: direct membership, or admin of
      -- the agency (parent) workspace, whichever ranks higher. A request made
      -- with an API key is confined to the key's workspace
      -- (app.credential_workspace_id): every other workspace has no role.
      create or replace function app.workspace_role(p_workspace uuid, p_user uuid default app.current_user_id())
        returns text
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$
          select r.role from (
            select m.role from public.workspace_members m
              where m.workspace_id = p_workspace and m.user_id = p_user
            union all
            select 'admin' from public.workspaces w
              join public.workspace_members pm on pm.workspace_id = w.parent_id
              where w.id = p_workspace and pm.user_id = p_user and pm.role in ('owner', 'admin')
          ) r
          where coalesce(nullif(current_setting('app.credential_workspace_id', true), '')::uuid, p_workspace) = p_workspace
          order by app.role_rank(r.role) desc
          limit 1
        $$;

      create or replace function app.has_workspace_role(p_role text) returns boolean
        language sql stable
        as $$ select app.role_rank(app.workspace_role(app.current_workspace_id())) >= app.role_rank(p_role) $$;

      create or replace function app.has_role_in(p_workspace uuid, p_role text) returns boolean
        language sql stable
        as $$ select app.role_rank(app.workspace_role(p_workspace)) >= app.role_rank(p_role) $$;

      -- Standard protection for a tenant table: RLS enabled and forced, policies
      -- on workspace_id (and on the owner column for user-private tables),
      -- grants to the runtime roles, updated_at and audit triggers.
      create or replace function app.secure_tenant_table(
        p_table regclass,
        p_user_column text default null,
        p_audit boolean default true
      ) returns void
        language plpgsql
        as $$
        declare
          v_name text := (select relname from pg_class where oid = p_table);
          v_scope text;
        begin
          execute format('alter table %s enable row level security', p_table);
          execute format('alter table %s force row level security', p_table);
          v_scope := 'workspace_id = (select app.current_workspace_id())';
          if p_user_column is not null then
            v_scope := v_scope || format(' and %I = (select app.current_user_id())', p_user_column);
          end if;
          execute format(
            'create policy %I on %s for select to app_authenticated using (%s and (select app.has_workspace_role(%L)))',
            v_name || '_select', p_table, v_scope, 'viewer');
          execute format(
            'create policy %I on %s for insert to app_authenticated with check (%s and (select app.has_workspace_role(%L)))',
            v_name || '_insert', p_table, v_scope, case when p_user_column is null then 'member' else 'viewer' end);
          execute format(
            'create policy %I on %s for update to app_authenticated using (%s and (select app.has_workspace_role(%L))) with check (%s)',
            v_name || '_update', p_table, v_scope, case when p_user_column is null then 'member' else 'viewer' end, v_scope);
          execute format(
            'create policy %I on %s for delete to app_authenticated using (%s and (select app.has_workspace_role(%L)))',
            v_name || '_delete', p_table, v_scope, case when p_user_column is null then 'member' else 'viewer' end);
          execute format('grant select, insert, update, delete on %s to app_authenticated, app_service', p_table);
          if exists (select 1 from pg_attribute where attrelid = p_table and attname = 'updated_at' and not attisdropped) then
            execute format(
              'create trigger %I before update on %s for each row execute function public.update_updated_at_column()',
              'update_' || v_name || '_updated_at', p_table);
          end if;
          if p_audit then
            execute format(
              'create trigger %I after insert or update or delete on %s for each row execute function app.audit_trigger()',
              v_name || '_audit', p_table);
          end if;
        end
        $$;

      -- Whether a user is a member of some workspace the caller can enter.
      create or replace function app.shares_workspace_with(p_user uuid) returns boolean
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$
          select exists (
            select 1 from public.workspace_members m
            where m.user_id = p_user and app.workspace_role(m.workspace_id) is not null
          )
        $$;

      -- users: a user sees themself and the members of workspaces they can enter.
      alter table public.users enable row level security;
      alter table public.users force row level security;
      create policy users_select on public.users for select to app_authenticated using (
        id = (select app.current_user_id()) or app.shares_workspace_with(id)
      );
      create policy users_update on public.users for update to app_authenticated
        using (id = (select app.current_user_id())) with check (id = (select app.current_user_id()));
      -- Column grants: the password hash is never readable by a runtime role.
      grant select (id, email, full_name, user_metadata, personal_workspace_id, created_at, updated_at)
        on public.users to app_authenticated;
      grant update (full_name, user_metadata) on public.users to app_authenticated;
      grant select, insert, update, delete on public.users to app_service;
      create trigger update_users_updated_at before update on public.users
        for each row execute function public.update_updated_at_column();

      -- workspaces: visible to anyone with a role in them; admins edit, owners delete.
      alter table public.workspaces enable row level security;
      alter table public.workspaces force row level security;
      create policy workspaces_select on public.workspaces for select to app_authenticated
        using (app.workspace_role(id) is not null);
      create policy workspaces_insert on public.workspaces for insert to app_authenticated
        with check (
          created_by = (select app.current_user_id())
          and is_personal = false
          and (parent_id is null or app.has_role_in(parent_id, 'admin'))
        );
      create policy workspaces_update on public.workspaces for update to app_authenticated
        using (app.has_role_in(id, 'admin')) with check (app.has_role_in(id, 'admin'));
      create policy workspaces_delete on public.workspaces for delete to app_authenticated
        using (app.has_role_in(id, 'owner') and is_personal = false);
      grant select, insert, delete on public.workspaces to app_authenticated;
      grant update (name, settings) on public.workspaces to app_authenticated;
      grant select, insert, update, delete on public.workspaces to app_service;
      create trigger update_workspaces_updated_at before update on public.workspaces
        for each row execute function public.update_updated_at_column();
      create trigger workspaces_audit after insert or update or delete on public.workspaces
        for each row execute function app.audit_trigger('id');

      -- The creator of a workspace becomes its owner in the same statement flow.
      create or replace function app.add_workspace_creator() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          if new.created_by is not null then
            insert into public.workspace_members (workspace_id, user_id, role)
            values (new.id, new.created_by, 'owner')
            on conflict do nothing;
          end if;
          return null;
        end
        $$;
      create trigger workspaces_add_creator after insert on public.workspaces
        for each row execute function app.add_workspace_creator();

      -- workspace_members: visible within workspaces you can enter; admins manage
      -- them, only owners grant or touch the owner role.
      alter table public.workspace_members enable row level security;
      alter table public.workspace_members force row level security;
      create policy workspace_members_select on public.workspace_members for select to app_authenticated
        using (app.workspace_role(workspace_id) is not null);
      create policy workspace_members_insert on public.workspace_members for insert to app_authenticated
        with check (
          app.has_role_in(workspace_id, 'admin')
          and (role <> 'owner' or app.has_role_in(workspace_id, 'owner'))
        );
      create policy workspace_members_update on public.workspace_members for update to app_authenticated
        using (app.has_role_in(workspace_id, 'admin') and (role <> 'owner' or app.has_role_in(workspace_id, 'owner')))
        with check (app.has_role_in(workspace_id, 'admin') and (role <> 'owner' or app.has_role_in(workspace_id, 'owner')));
      create policy workspace_members_delete on public.workspace_members for delete to app_authenticated
        using (
          user_id = (select app.current_user_id())
          or (app.has_role_in(workspace_id, 'admin') and (role <> 'owner' or app.has_role_in(workspace_id, 'owner')))
        );
      grant select, insert, delete on public.workspace_members to app_authenticated;
      grant update (role) on public.workspace_members to app_authenticated;
      grant select, insert, update, delete on public.workspace_members to app_service;
      create trigger update_workspace_members_updated_at before update on public.workspace_members
        for each row execute function public.update_updated_at_column();
      create trigger workspace_members_audit after insert or update or delete on public.workspace_members
        for each row execute function app.audit_trigger();

      -- A workspace always keeps at least one owner, and a personal workspace its user.
      create or replace function app.keep_an_owner() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          -- Serialise owner changes per workspace, so two owners removing each
          -- other at the same time cannot both pass the check.
          perform 1 from public.workspaces where id = old.workspace_id for update;
          if old.role = 'owner'
            and exists (select 1 from public.workspaces where id = old.workspace_id)
            and not exists (
              select 1 from public.workspace_members
              where workspace_id = old.workspace_id and role = 'owner'
            ) then
            raise exception 'a workspace must keep at least one owner' using errcode = '23514';
          end if;
          -- The person a personal workspace belongs to stays its owner.
          if old.role = 'owner'
            and (tg_op = 'DELETE' or new.role <> 'owner')
            and exists (
              select 1 from public.workspaces
              where id = old.workspace_id and is_personal and created_by = old.user_id
            ) then
            raise exception 'a personal workspace always keeps its own user as owner' using errcode = '23514';
          end if;
          return null;
        end
        $$;
      create trigger workspace_members_keep_owner after update or delete on public.workspace_members
        for each row execute function app.keep_an_owner();

      -- Invitations: admins of the workspace manage them.
      alter table public.workspace_invitations enable row level security;
      alter table public.workspace_invitations force row level security;
      create policy workspace_invitations_select on public.workspace_invitations for select to app_authenticated
        using (app.has_role_in(workspace_id, 'admin'));
      create policy workspace_invitations_insert on public.workspace_invitations for insert to app_authenticated
        with check (app.has_role_in(workspace_id, 'admin') and invited_by = (select app.current_user_id()));
      create policy workspace_invitations_update on public.workspace_invitations for update to app_authenticated
        using (app.has_role_in(workspace_id, 'admin')) with check (app.has_role_in(workspace_id, 'admin'));
      create policy workspace_invitations_delete on public.workspace_invitations for delete to app_authenticated
        using (app.has_role_in(workspace_id, 'admin'));
      grant select, insert, update, delete on public.workspace_invitations to app_authenticated, app_service;
      create trigger update_workspace_invitations_updated_at before update on public.workspace_invitations
        for each row execute function public.update_updated_at_column();
      create trigger workspace_invitations_audit after insert or update or delete on public.workspace_invitations
        for each row execute function app.audit_trigger();

      -- Accepting an invitation: the invitee is not a member yet, so this runs as
      -- definer, checks the token, expiry and e-mail, and adds the membership.
      create or replace function app.accept_invitation(p_token_hash text)
        returns table (workspace_id uuid, role text)
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_invitation public.workspace_invitations%rowtype;
          v_email text;
        begin
          select * into v_invitation from public.workspace_invitations i
            where i.token_hash = p_token_hash and i.accepted_at is null and i.revoked_at is null
              and i.expires_at > now()
            for update;
          if not found then
            return;
          end if;
          -- An invitation is only as good as its inviter's current rights.
          if app.role_rank(app.workspace_role(v_invitation.workspace_id, v_invitation.invited_by)) < app.role_rank('admin') then
            return;
          end if;
          select u.email into v_email from public.users u where u.id = app.current_user_id();
          if v_email is null or lower(v_email) <> lower(v_invitation.email) then
            return;
          end if;
          insert into public.workspace_members (workspace_id, user_id, role)
            values (v_invitation.workspace_id, app.current_user_id(), v_invitation.role)
            on conflict on constraint workspace_members_pkey
            do update set role = case
              when app.role_rank(excluded.role) > app.role_rank(workspace_members.role) then excluded.role
              else workspace_members.role end;
          update public.workspace_invitations
            set accepted_at = now(), accepted_by = app.current_user_id()
            where id = v_invitation.id;
          return query select v_invitation.workspace_id, v_invitation.role;
        end
        $$;

      -- audit_log: admins of a workspace read its trail; only the trigger writes.
      alter table public.audit_log enable row level security;
      alter table public.audit_log force row level security;
      create policy audit_log_select on public.audit_log for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      create policy audit_log_insert on public.audit_log for insert with check (true);
      grant select on public.audit_log to app_authenticated;
      grant select, delete on public.audit_log to app_service;

      revoke execute on function app.accept_invitation(text) from public;
      grant execute on function app.accept_invitation(text) to app_authenticated;
      revoke execute on function app.secure_tenant_table(regclass, text, boolean) from public;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.accept_invitation(text);
      drop table if exists public.workspace_invitations;
      drop table if exists public.workspace_members;
      alter table public.users drop constraint if exists users_personal_workspace_fk;
      drop table if exists public.workspaces;
      drop table if exists public.users;
    `)
  }
}
