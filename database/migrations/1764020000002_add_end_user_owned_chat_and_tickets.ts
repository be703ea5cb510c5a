import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * User-scoped embed features: copilot chat sessions and support tickets can
 * belong to an embed end user (`end_user_id`, see embed_end_users). An end
 * user's widget (`app_anon` with `app.current_end_user_id()` set by a verified
 * session) sees and writes only their own chat sessions and messages, and
 * reads only their own tickets (never the internal notes). Erasing an end user
 * deletes their chat sessions (cascade) and keeps their tickets for the
 * workspace without the person, like a platform user's erasure does.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.chat_sessions alter column user_id drop not null;
      alter table public.chat_sessions add column end_user_id uuid;
      alter table public.chat_sessions add constraint chat_sessions_end_user_fk
        foreign key (workspace_id, end_user_id)
        references public.embed_end_users (workspace_id, id) on delete cascade;
      alter table public.chat_sessions add constraint chat_sessions_one_owner
        check (num_nonnulls(user_id, end_user_id) = 1);
      create index idx_chat_sessions_end_user on public.chat_sessions
        (workspace_id, end_user_id, updated_at desc, id desc) where end_user_id is not null;

      create policy chat_sessions_end_user on public.chat_sessions for all to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and end_user_id = (select app.current_end_user_id()))
        with check (workspace_id = (select app.current_workspace_id())
          and end_user_id = (select app.current_end_user_id()) and user_id is null);
      grant select, insert on public.chat_sessions to app_anon;
      grant update (title, updated_at) on public.chat_sessions to app_anon;

      create policy chat_messages_end_user on public.chat_messages for all to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and exists (select 1 from public.chat_sessions s
                       where s.workspace_id = chat_messages.workspace_id and s.id = chat_messages.session_id
                         and s.end_user_id = (select app.current_end_user_id())))
        with check (workspace_id = (select app.current_workspace_id())
          and exists (select 1 from public.chat_sessions s
                       where s.workspace_id = chat_messages.workspace_id and s.id = chat_messages.session_id
                         and s.end_user_id = (select app.current_end_user_id())));
      grant select, insert on public.chat_messages to app_anon;
      grant update (ai_response) on public.chat_messages to app_anon;

      alter table public.support_tickets add column end_user_id uuid;
      alter table public.support_tickets add constraint support_tickets_end_user_fk
        foreign key (workspace_id, end_user_id)
        references public.embed_end_users (workspace_id, id) on delete set null (end_user_id);
      alter table public.support_tickets add constraint support_tickets_one_requester
        check (user_id is null or end_user_id is null);
      create index idx_support_tickets_end_user on public.support_tickets
        (workspace_id, end_user_id, created_at desc, id desc) where end_user_id is not null;

      drop policy support_tickets_anon_insert on public.support_tickets;
      -- Anonymous visitors add a fresh, untriaged ticket to the workspace they
      -- name; with a verified session it may be linked to that end user only.
      create policy support_tickets_anon_insert on public.support_tickets for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id())
          and user_id is null and admin_notes is null
          and (end_user_id is null or end_user_id = (select app.current_end_user_id()))
          and coalesce(status, 'open') = 'open' and coalesce(priority, 'normal') = 'normal');
      create policy support_tickets_end_user_select on public.support_tickets for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and end_user_id = (select app.current_end_user_id()));
      grant select (id, workspace_id, user_id, end_user_id, email, name, subject, message, status,
        priority, created_at, updated_at, resolved_at) on public.support_tickets to app_anon;

      -- Erasing an end user keeps their tickets for the workspace, without the person.
      create or replace function app.erase_end_user_tickets() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          update public.support_tickets set name = null, email = null, message = null, end_user_id = null
            where workspace_id = old.workspace_id and end_user_id = old.id;
          return old;
        end
        $$;
      revoke all on function app.erase_end_user_tickets() from public;
      create trigger embed_end_users_erase_tickets before delete on public.embed_end_users
        for each row execute function app.erase_end_user_tickets();
    `)
  }

  async down() {
    this.schema.raw(`
      drop trigger if exists embed_end_users_erase_tickets on public.embed_end_users;
      drop function if exists app.erase_end_user_tickets();
      drop policy if exists support_tickets_end_user_select on public.support_tickets;
      revoke select on public.support_tickets from app_anon;
      drop policy if exists support_tickets_anon_insert on public.support_tickets;
      create policy support_tickets_anon_insert on public.support_tickets for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id())
          and user_id is null and admin_notes is null
          and coalesce(status, 'open') = 'open' and coalesce(priority, 'normal') = 'normal');
      alter table public.support_tickets drop column if exists end_user_id;
      drop policy if exists chat_messages_end_user on public.chat_messages;
      revoke select, insert, update on public.chat_messages from app_anon;
      drop policy if exists chat_sessions_end_user on public.chat_sessions;
      revoke select, insert, update on public.chat_sessions from app_anon;
      delete from public.chat_sessions where user_id is null;
      alter table public.chat_sessions drop column if exists end_user_id;
      alter table public.chat_sessions alter column user_id set not null;
    `)
  }
}
