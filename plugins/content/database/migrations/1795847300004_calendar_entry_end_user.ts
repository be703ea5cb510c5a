import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An entry created through `<aip-content-calendar>` names its end user by the
 * `embed_end_users` row (`created_by_end_user_id`), not by the host's external
 * id copied into `metadata`: erasing the end user (DELETE
 * /v1/embed/end-users/:id) then clears the link, and nothing of the person
 * stays on the entry. Entries created before keep their end user when the
 * external id still matches one; the copied id leaves `metadata` either way.
 * An end user may only create entries in their own name.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.content_calendar
        add column created_by_end_user_id uuid,
        add foreign key (workspace_id, created_by_end_user_id)
          references public.embed_end_users (workspace_id, id) on delete set null (created_by_end_user_id);
      create index content_calendar_end_user_idx on public.content_calendar (created_by_end_user_id)
        where created_by_end_user_id is not null;

      update public.content_calendar as c set created_by_end_user_id = u.id
        from public.embed_end_users as u
        where u.workspace_id = c.workspace_id and u.external_id = c.metadata ->> 'embed_end_user';
      update public.content_calendar set metadata = metadata - 'embed_end_user'
        where metadata -> 'embed_end_user' is not null;

      drop policy content_calendar_anon_insert on public.content_calendar;
      create policy content_calendar_anon_insert on public.content_calendar for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()) and created_by is null
          and assigned_to is null and campaign_id is null
          and (select app.current_end_user_id()) is not null
          and created_by_end_user_id = (select app.current_end_user_id()));
    `)
  }

  async down() {
    this.schema.raw(`
      drop policy content_calendar_anon_insert on public.content_calendar;
      create policy content_calendar_anon_insert on public.content_calendar for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id()) and created_by is null
          and assigned_to is null and campaign_id is null
          and (select app.current_end_user_id()) is not null);
      alter table public.content_calendar drop column created_by_end_user_id;
    `)
  }
}
