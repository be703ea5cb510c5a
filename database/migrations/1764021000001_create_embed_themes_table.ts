import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Workspace widget themes: one row of validated settings per workspace
 * (colours, font, radius, logo URL; never raw CSS), set by its admins and
 * read by the widgets on its sites (role `app_anon`, the workspace set by the
 * publishable key). Agency client workspaces have their own row like any
 * workspace, so each client gets its own theme.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.embed_themes (
        workspace_id uuid primary key references public.workspaces (id) on delete cascade,
        settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
        updated_by uuid references public.users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      alter table public.embed_themes enable row level security;
      alter table public.embed_themes force row level security;
      create policy embed_themes_members_select on public.embed_themes for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()));
      create policy embed_themes_admin_write on public.embed_themes for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')))
        with check (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      create policy embed_themes_anon_select on public.embed_themes for select to app_anon
        using (workspace_id = (select app.current_workspace_id()));
      grant select, insert, update, delete on public.embed_themes to app_authenticated;
      grant select on public.embed_themes to app_anon;
      grant select, insert, update, delete on public.embed_themes to app_service;
      create trigger update_embed_themes_updated_at before update on public.embed_themes
        for each row execute function public.update_updated_at_column();
      create trigger embed_themes_audit after insert or update or delete on public.embed_themes
        for each row execute function app.audit_trigger('workspace_id', 'workspace_id');
    `)
  }

  async down() {
    this.schema.raw(`drop table if exists public.embed_themes;`)
  }
}
