import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `lead_forms`: the form `<aip-lead-form>` shows for one embed key (fields,
 * labels, consent text), owned by the leads plugin. Keyed by workspace and
 * embed key, with a composite foreign key into the core's `embed_keys`, so a
 * form can never point into another tenant and goes away with its key's
 * workspace. Admins manage it; the public embed route reads it as `app_anon`
 * inside the key's workspace.
 *
 * Form definitions used to live in the core column `embed_keys.form_definition`.
 * This migration copies them over once. The core column is left in place and
 * unused (the core stops writing it in `1764000800002_freeze_embed_keys_form_definition`): core
 * migrations run before plugin migrations, so a core migration dropping it
 * would run before this copy, and an install with the leads plugin disabled
 * would lose its forms. The copy runs as `app_service`, the one runtime role
 * that bypasses row level security, so it sees every workspace's keys even
 * where the migrating role is not a superuser.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.lead_forms (
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        embed_key_id uuid not null,
        form_definition jsonb not null check (jsonb_typeof(form_definition) = 'object'),
        created_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (workspace_id, embed_key_id),
        foreign key (workspace_id, embed_key_id)
          references public.embed_keys (workspace_id, id) on delete cascade
      );
      alter table public.lead_forms enable row level security;
      alter table public.lead_forms force row level security;
      -- Like the embed keys they belong to: admins of the workspace only.
      create policy lead_forms_admin on public.lead_forms for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      -- The public embed route reads the form of the key it was called with.
      create policy lead_forms_anon_select on public.lead_forms for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      grant select, insert, update, delete on public.lead_forms to app_authenticated, app_service;
      grant select on public.lead_forms to app_anon;
      create trigger update_lead_forms_updated_at before update on public.lead_forms
        for each row execute function public.update_updated_at_column();
      create trigger lead_forms_audit after insert or update or delete on public.lead_forms
        for each row execute function app.audit_trigger();

      select set_config('role', 'app_service', true);
      insert into public.lead_forms (workspace_id, embed_key_id, form_definition, created_by, created_at, updated_at)
        select k.workspace_id, k.id, k.form_definition, k.created_by, k.updated_at, k.updated_at
        from public.embed_keys k
        where k.form_definition is not null and jsonb_typeof(k.form_definition) = 'object'
        on conflict do nothing;
      select set_config('role', 'none', true);
    `)
  }

  async down() {
    this.schema.raw('drop table if exists public.lead_forms')
  }
}
