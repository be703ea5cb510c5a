import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's "Communication" tables, per workspace (the seed left campaigns and
 * contacts open to every user: a leak): `email_templates`, `email_contacts`,
 * `email_campaigns`, plus what sending needs: segments, the per-recipient send
 * ledger `email_sends`, delivery and engagement `email_events`, and the
 * suppression list. Public links (unsubscribe, opt-in confirmation) run as
 * `app_anon` in the link's workspace, so that role gets narrow policies.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.email_templates (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null check (char_length(btrim(name)) between 1 and 200),
        subject_line text not null check (char_length(subject_line) between 1 and 998),
        mjml_content text check (mjml_content is null or char_length(mjml_content) <= 200000),
        html_content text not null check (char_length(html_content) <= 500000),
        plain_text text check (plain_text is null or char_length(plain_text) <= 200000),
        variables jsonb not null default '{}'::jsonb check (jsonb_typeof(variables) = 'object'),
        metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index email_templates_recent_idx on public.email_templates (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.email_templates');

      create table public.email_contacts (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        email text not null check (
          char_length(email) <= 320 and email ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'
        ),
        name text check (name is null or char_length(name) <= 200),
        company text check (company is null or char_length(company) <= 200),
        tags text[] not null default '{}' check (cardinality(tags) <= 50),
        subscription_status text not null default 'subscribed' check (
          subscription_status in ('pending', 'subscribed', 'unsubscribed', 'bounced', 'complained')
        ),
        metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
        lead_id uuid,
        consent_source text check (consent_source is null or char_length(consent_source) <= 200),
        consent_recorded_at timestamptz,
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create unique index email_contacts_email_key on public.email_contacts (workspace_id, lower(email));
      create index email_contacts_recent_idx on public.email_contacts (workspace_id, created_at desc, id desc);
      create index email_contacts_status_idx on public.email_contacts (workspace_id, subscription_status);
      create index email_contacts_tags_idx on public.email_contacts using gin (tags);
      create index email_contacts_lead_idx on public.email_contacts (workspace_id, lead_id) where lead_id is not null;
      select app.secure_tenant_table('public.email_contacts');

      create table public.email_segments (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null check (char_length(btrim(name)) between 1 and 200),
        conditions jsonb not null default '{}'::jsonb check (jsonb_typeof(conditions) = 'object'),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index email_segments_recent_idx on public.email_segments (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.email_segments');

      create table public.email_campaigns (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        created_by uuid references public.users (id) on delete set null,
        name text not null check (char_length(btrim(name)) between 1 and 200),
        subject_line text check (subject_line is null or char_length(subject_line) <= 998),
        from_address text check (from_address is null or char_length(from_address) <= 254),
        template_id uuid,
        segment_id uuid,
        recipient_list jsonb not null default '[]'::jsonb check (jsonb_typeof(recipient_list) = 'array'),
        status text not null default 'draft' check (status in ('draft', 'scheduled', 'sending', 'sent', 'failed')),
        scheduled_for timestamptz,
        sent_at timestamptz,
        open_rate numeric,
        click_rate numeric,
        -- Open pixel and click redirects (off: links go straight to their target, no pixel).
        tracking boolean not null default true,
        metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, template_id) references public.email_templates (workspace_id, id),
        foreign key (workspace_id, segment_id) references public.email_segments (workspace_id, id)
      );
      create index email_campaigns_recent_idx on public.email_campaigns (workspace_id, created_at desc, id desc);
      create index email_campaigns_template_idx on public.email_campaigns (workspace_id, template_id);
      create index email_campaigns_segment_idx on public.email_campaigns (workspace_id, segment_id);
      select app.secure_tenant_table('public.email_campaigns');

      -- The send ledger: one row per campaign and contact, written before any
      -- SMTP call, so a retried or killed job never sends a recipient twice
      -- except in the gap between the relay's acceptance and the 'sent' commit.
      create table public.email_sends (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid not null,
        contact_id uuid not null,
        email text not null,
        status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
        attempts integer not null default 0,
        -- The job that claimed the row: a retry of that job resends what it had in flight.
        claimed_job bigint,
        -- A recipient the relay deferred (4xx) waits until then; the others go on.
        not_before timestamptz,
        message_id text,
        error text check (error is null or char_length(error) <= 1000),
        sending_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (campaign_id, contact_id),
        foreign key (workspace_id, campaign_id) references public.email_campaigns (workspace_id, id) on delete cascade,
        foreign key (workspace_id, contact_id) references public.email_contacts (workspace_id, id) on delete cascade
      );
      create index email_sends_queue_idx on public.email_sends (workspace_id, campaign_id, status, id);
      create index email_sends_contact_idx on public.email_sends (workspace_id, contact_id);
      select app.secure_tenant_table('public.email_sends', null, false);

      create table public.email_events (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        campaign_id uuid,
        send_id uuid,
        contact_id uuid,
        event_type text not null check (
          event_type in ('delivered', 'bounced', 'opened', 'clicked', 'unsubscribed', 'complained')
        ),
        is_machine boolean not null default false,
        url text check (url is null or char_length(url) <= 2000),
        user_agent text check (user_agent is null or char_length(user_agent) <= 500),
        details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
        occurred_at timestamptz not null default now(),
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id) references public.email_campaigns (workspace_id, id) on delete cascade,
        foreign key (workspace_id, contact_id) references public.email_contacts (workspace_id, id) on delete cascade
      );
      create index email_events_campaign_idx on public.email_events (workspace_id, campaign_id, event_type);
      create index email_events_contact_idx on public.email_events (workspace_id, contact_id, occurred_at desc);
      select app.secure_tenant_table('public.email_events', null, false);

      -- Addresses never sent to again (unsubscribed, hard-bounced, complained, added by hand).
      create table public.email_suppressions (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        email text not null check (char_length(email) <= 320),
        reason text not null check (reason in ('unsubscribed', 'bounced', 'complained', 'manual')),
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create unique index email_suppressions_email_key on public.email_suppressions (workspace_id, lower(email));
      create index email_suppressions_recent_idx on public.email_suppressions (workspace_id, created_at desc, id desc);
      select app.secure_tenant_table('public.email_suppressions');

      -- Public links (unsubscribe, opt-in confirmation) act as app_anon in the
      -- link's workspace: read the send and contact, change the contact's
      -- status, record the event and the suppression. Never delete.
      create policy email_sends_anon_select on public.email_sends for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy email_contacts_anon_select on public.email_contacts for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy email_contacts_anon_update on public.email_contacts for update to app_anon
        using (workspace_id = (select app.current_workspace_id()))
        with check (workspace_id = (select app.current_workspace_id()));
      create policy email_events_anon_insert on public.email_events for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()));
      create policy email_suppressions_anon_select on public.email_suppressions for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      create policy email_suppressions_anon_insert on public.email_suppressions for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()));
      grant select on public.email_sends to app_anon;
      grant select, update (subscription_status, unsubscribed_at, confirmed_at, updated_at) on public.email_contacts to app_anon;
      grant insert on public.email_events to app_anon;
      grant select, insert on public.email_suppressions to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.email_suppressions;
      drop table if exists public.email_events;
      drop table if exists public.email_sends;
      drop table if exists public.email_campaigns;
      drop table if exists public.email_segments;
      drop table if exists public.email_contacts;
      drop table if exists public.email_templates;
    `)
  }
}
