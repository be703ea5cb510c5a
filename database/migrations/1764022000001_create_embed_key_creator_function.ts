import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `app.embed_key_creator()`: the workspace member accountable for the work an
 * embed request starts (jobs, AI usage, budgets) is the one who issued the
 * publishable key (`embed_keys.created_by`). An `app_anon` transaction cannot
 * read `embed_keys` or `workspace_members`, so this security-definer function
 * answers, for a key of the transaction's workspace only, its creator and
 * their current role; no row when the creator is gone, no longer a member,
 * or the key is revoked. See core/tenancy/embed_key_creator.ts.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function app.embed_key_creator(p_key_id uuid)
        returns table (user_id uuid, role text)
        language sql stable security definer
        set search_path = pg_catalog, public
        as $$
          select m.user_id, m.role
            from public.embed_keys k
            join public.workspace_members m
              on m.workspace_id = k.workspace_id and m.user_id = k.created_by
           where k.id = p_key_id
             and k.workspace_id = app.current_workspace_id()
             and k.revoked_at is null
        $$;
      revoke all on function app.embed_key_creator(uuid) from public;
      grant execute on function app.embed_key_creator(uuid) to app_anon, app_service;
    `)
  }

  async down() {
    this.schema.raw('drop function if exists app.embed_key_creator(uuid)')
  }
}
