import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's `support_tickets`, scoped to a workspace. Requesters (members, or
 * anonymous visitors through the public route as `app_anon`) create tickets and
 * members see their own; workspace admins see and triage all of them. A trigger
 * keeps `resolved_at` in step with the status. Erasing a requester's account
 * keeps the ticket for the workspace with `user_id`, `name`, `email` and
 * `message` cleared.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.support_tickets (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        -- email, name and message are required on creation (validators, checks
        -- below) and cleared to null when the requester's account is erased.
        email text,
        name text,
        subject text not null,
        message text,
        status text default 'open',
        priority text default 'normal',
        admin_notes text,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        resolved_at timestamptz,
        constraint support_tickets_status_check check (status in ('open', 'in_progress', 'resolved', 'closed')),
        constraint support_tickets_priority_check check (priority in ('low', 'normal', 'high', 'urgent')),
        -- all three present, or all three erased
        constraint support_tickets_requester_present check (
          (email is not null and name is not null and message is not null)
          or (email is null and name is null and message is null and user_id is null)),
        constraint support_tickets_email_format check (email ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$' and char_length(email) <= 254),
        constraint support_tickets_name_length check (char_length(btrim(name)) between 1 and 200),
        constraint support_tickets_subject_length check (char_length(btrim(subject)) between 1 and 300),
        constraint support_tickets_message_length check (char_length(btrim(message)) between 1 and 20000),
        constraint support_tickets_admin_notes_length check (admin_notes is null or char_length(admin_notes) <= 20000),
        unique (workspace_id, id)
      );
      create index idx_support_tickets_user_id on public.support_tickets (workspace_id, user_id, created_at desc, id desc);
      create index idx_support_tickets_status on public.support_tickets (workspace_id, status, created_at desc, id desc);
      create index idx_support_tickets_created_at on public.support_tickets (workspace_id, created_at desc, id desc);

      -- resolved_at: set when a ticket becomes resolved, cleared when it is reopened.
      create or replace function app.support_ticket_resolution() returns trigger
        language plpgsql
        as $$
        begin
          if new.status = 'resolved' and (tg_op = 'INSERT' or old.status is distinct from 'resolved') then
            new.resolved_at = now();
          elsif new.status in ('open', 'in_progress') then
            new.resolved_at = null;
          end if;
          return new;
        end
        $$;
      create trigger support_tickets_resolution before insert or update on public.support_tickets
        for each row execute function app.support_ticket_resolution();

      -- Whether a workspace exists, for the anonymous route (app_anon cannot read workspaces).
      create or replace function app.workspace_exists(p_workspace uuid) returns boolean
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$ select exists (select 1 from public.workspaces where id = p_workspace) $$;
      revoke all on function app.workspace_exists(uuid) from public;
      grant execute on function app.workspace_exists(uuid) to app_anon, app_authenticated, app_service;

      alter table public.support_tickets enable row level security;
      alter table public.support_tickets force row level security;
      create policy support_tickets_select on public.support_tickets for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id())
          and (user_id = (select app.current_user_id()) or (select app.has_workspace_role('admin')))
          and (select app.has_workspace_role('viewer')));
      create policy support_tickets_insert on public.support_tickets for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id())
          and user_id = (select app.current_user_id())
          and (select app.has_workspace_role('viewer')));
      create policy support_tickets_update on public.support_tickets for update to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()));
      -- Anonymous visitors can only add a fresh, untriaged ticket to the workspace they name.
      create policy support_tickets_anon_insert on public.support_tickets for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id())
          and user_id is null and admin_notes is null
          and coalesce(status, 'open') = 'open' and coalesce(priority, 'normal') = 'normal');
      grant select, insert, update on public.support_tickets to app_authenticated;
      grant insert on public.support_tickets to app_anon;
      grant select, insert, update, delete on public.support_tickets to app_service;
      create trigger support_tickets_updated_at before update on public.support_tickets
        for each row execute function public.update_updated_at_column();
      create trigger support_tickets_audit after insert or update or delete on public.support_tickets
        for each row execute function app.audit_trigger();
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.support_tickets;
      drop function if exists app.support_ticket_resolution();
      drop function if exists app.workspace_exists(uuid);
    `)
  }
}
