import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Automations: the seed's `email_automation_rules` (a trigger and, as
 * `action_type = 'sequence'`, the steps in `action_config`), per workspace;
 * one enrollment per contact a rule reached (unique per rule, contact and
 * trigger key, and one active at a time), and one step run per step an
 * enrollment executed: its insert is the claim that makes a step run once.
 * A message an automation sends is a row of the send ledger `email_sends`
 * tied to its step run instead of a campaign.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.email_automation_rules (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        rule_name text not null check (char_length(btrim(rule_name)) between 1 and 200),
        trigger_type text not null check (
          trigger_type in ('lead_created', 'lead_score_threshold', 'form_submitted', 'tag_added', 'date')
        ),
        trigger_conditions jsonb not null default '{}'::jsonb check (jsonb_typeof(trigger_conditions) = 'object'),
        action_type text not null default 'sequence' check (action_type in ('sequence')),
        action_config jsonb not null default '{}'::jsonb check (jsonb_typeof(action_config) = 'object'),
        is_active boolean not null default true,
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id)
      );
      create index email_automation_rules_recent_idx on public.email_automation_rules (workspace_id, created_at desc, id desc);
      create index email_automation_rules_active_idx on public.email_automation_rules (workspace_id) where is_active;
      select app.secure_tenant_table('public.email_automation_rules');

      -- Where a rule's reading of the event outbox stands (kept apart from the
      -- rule: it moves every minute, and rule changes are audited): the newest
      -- event read, the time before which no event counts (creation, resume),
      -- and when a date trigger fired (once).
      create table public.email_automation_cursors (
        rule_id uuid primary key,
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        events_after timestamptz not null,
        events_since timestamptz not null,
        fired_at timestamptz,
        updated_at timestamptz not null default now(),
        foreign key (workspace_id, rule_id) references public.email_automation_rules (workspace_id, id) on delete cascade
      );
      create index email_automation_cursors_workspace_idx on public.email_automation_cursors (workspace_id);
      select app.secure_tenant_table('public.email_automation_cursors', null, false);

      create table public.email_automation_enrollments (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        rule_id uuid not null,
        contact_id uuid not null,
        -- What enrolled the contact (the outbox event id, or 'date').
        trigger_key text not null check (char_length(trigger_key) between 1 and 100),
        status text not null default 'active' check (status in ('active', 'completed', 'exited', 'failed')),
        current_step integer not null default 0 check (current_step >= 0),
        next_run_at timestamptz,
        exit_reason text check (exit_reason is null or char_length(exit_reason) <= 500),
        completed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (workspace_id, id),
        unique (rule_id, contact_id, trigger_key),
        foreign key (workspace_id, rule_id) references public.email_automation_rules (workspace_id, id) on delete cascade,
        foreign key (workspace_id, contact_id) references public.email_contacts (workspace_id, id) on delete cascade
      );
      create unique index email_automation_enrollments_active_key
        on public.email_automation_enrollments (rule_id, contact_id) where status = 'active';
      create index email_automation_enrollments_rule_idx
        on public.email_automation_enrollments (workspace_id, rule_id, created_at desc, id desc);
      create index email_automation_enrollments_contact_idx
        on public.email_automation_enrollments (workspace_id, contact_id);
      select app.secure_tenant_table('public.email_automation_enrollments', null, false);

      create table public.email_automation_step_runs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        enrollment_id uuid not null,
        step_index integer not null check (step_index >= 0),
        step_type text not null check (step_type in ('wait', 'send_template', 'branch_clicked', 'add_tag')),
        outcome text not null check (
          outcome in ('waiting', 'sending', 'sent', 'skipped', 'failed', 'tagged', 'clicked', 'not_clicked')
        ),
        details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
        created_at timestamptz not null default now(),
        completed_at timestamptz,
        unique (workspace_id, id),
        unique (enrollment_id, step_index),
        foreign key (workspace_id, enrollment_id)
          references public.email_automation_enrollments (workspace_id, id) on delete cascade
      );
      create index email_automation_step_runs_workspace_idx on public.email_automation_step_runs (workspace_id, enrollment_id);
      select app.secure_tenant_table('public.email_automation_step_runs', null, false);

      -- The send ledger serves automations too: a row belongs to a campaign or to a step run.
      alter table public.email_sends alter column campaign_id drop not null;
      alter table public.email_sends add column automation_step_run_id uuid;
      alter table public.email_sends add constraint email_sends_automation_step_run_key unique (automation_step_run_id);
      alter table public.email_sends add constraint email_sends_automation_step_run_fk
        foreign key (workspace_id, automation_step_run_id)
        references public.email_automation_step_runs (workspace_id, id) on delete cascade;
      alter table public.email_sends add constraint email_sends_origin_check
        check (num_nonnulls(campaign_id, automation_step_run_id) = 1);
    `)
  }

  async down() {
    this.schema.raw(`
      delete from public.email_sends where automation_step_run_id is not null;
      alter table public.email_sends drop constraint if exists email_sends_origin_check;
      alter table public.email_sends drop column if exists automation_step_run_id;
      alter table public.email_sends alter column campaign_id set not null;
      drop table if exists public.email_automation_step_runs;
      drop table if exists public.email_automation_enrollments;
      drop table if exists public.email_automation_cursors;
      drop table if exists public.email_automation_rules;
    `)
  }
}
