import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Mail in the core: the development outbox (messages kept when no SMTP relay
 * is configured), single-use tokens of password resets and address
 * verifications, each user's verified address, and the sender identity of a
 * workspace (from, reply-to, DKIM key sealed by the secrets vault).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      -- Development outbox: platform-owned, no runtime role may read it (no policy).
      create table public.mail_dev_outbox (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid references public.workspaces (id) on delete cascade,
        message_id text not null,
        recipient text not null,
        subject text not null,
        source text not null,
        created_at timestamptz not null default now()
      );
      create index mail_dev_outbox_recent_idx on public.mail_dev_outbox (created_at desc, id desc);
      create index mail_dev_outbox_recipient_idx on public.mail_dev_outbox (lower(recipient), created_at desc);
      alter table public.mail_dev_outbox enable row level security;
      alter table public.mail_dev_outbox force row level security;
      grant select, insert, delete on public.mail_dev_outbox to app_service;

      -- Single-use, expiring tokens sent by mail (only their SHA-256 is kept).
      create table public.user_email_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references public.users (id) on delete cascade,
        purpose text not null check (purpose in ('password_reset', 'email_verification')),
        email text not null,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index user_email_tokens_user_idx on public.user_email_tokens (user_id, purpose, created_at desc);
      alter table public.user_email_tokens enable row level security;
      alter table public.user_email_tokens force row level security;
      create policy user_email_tokens_owner on public.user_email_tokens for select to app_authenticated
        using (user_id = (select app.current_user_id()));
      grant select on public.user_email_tokens to app_authenticated;
      grant select, insert, update, delete on public.user_email_tokens to app_service;

      -- A signed-in user asks for a verification mail: the token is issued for
      -- their current address only (runtime roles cannot write tokens).
      create or replace function app.issue_email_verification(p_token_hash text, p_hours integer)
        returns text
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
          declare
            v_user uuid := app.current_user_id();
            v_email text;
          begin
            if v_user is null then
              raise exception 'issue_email_verification needs a user' using errcode = '42501';
            end if;
            select u.email into v_email from public.users u where u.id = v_user;
            update public.user_email_tokens set used_at = now()
              where user_id = v_user and purpose = 'email_verification' and used_at is null;
            insert into public.user_email_tokens (user_id, purpose, email, token_hash, expires_at)
              values (v_user, 'email_verification', v_email, p_token_hash, now() + make_interval(hours => p_hours));
            return v_email;
          end
        $$;
      revoke execute on function app.issue_email_verification(text, integer) from public;
      grant execute on function app.issue_email_verification(text, integer) to app_authenticated;

      alter table public.users add column email_verified_at timestamptz;
      grant select (email_verified_at) on public.users to app_authenticated;

      -- A workspace's sender identity: members read it (their mail goes out
      -- with it), admins set it. The DKIM private key is sealed (vault cipher).
      create table public.mail_sender_identities (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        from_email text not null
          check (char_length(from_email) <= 254 and from_email ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'),
        from_name text check (from_name is null or char_length(from_name) <= 200),
        reply_to text check (reply_to is null or char_length(reply_to) <= 254),
        dkim_domain text check (dkim_domain is null or char_length(dkim_domain) <= 253),
        dkim_selector text check (dkim_selector is null or dkim_selector ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
        dkim_private_key_encrypted text,
        dkim_public_key text,
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id),
        unique (workspace_id, id),
        check ((dkim_domain is null) = (dkim_private_key_encrypted is null)),
        check ((dkim_selector is null) = (dkim_private_key_encrypted is null))
      );
      alter table public.mail_sender_identities enable row level security;
      alter table public.mail_sender_identities force row level security;
      create policy mail_sender_identities_select on public.mail_sender_identities for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('viewer')));
      create policy mail_sender_identities_write on public.mail_sender_identities for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select, insert, update, delete on public.mail_sender_identities to app_authenticated, app_service;
      create trigger update_mail_sender_identities_updated_at before update on public.mail_sender_identities
        for each row execute function public.update_updated_at_column();
      create trigger mail_sender_identities_audit after insert or update or delete on public.mail_sender_identities
        for each row execute function app.audit_trigger();
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.mail_sender_identities;
      alter table public.users drop column if exists email_verified_at;
      drop function if exists app.issue_email_verification(text, integer);
      drop table if exists public.user_email_tokens;
      drop table if exists public.mail_dev_outbox;
    `)
  }
}
