import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * user_preferences as the seed describes it, scoped to a workspace: one row per
 * user, workspace and category; user-private under RLS.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.user_preferences (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        preference_category text not null,
        preference_data jsonb default '{}'::jsonb,
        interface_mode text default 'simple',
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint user_preferences_category_format check (preference_category ~ '^[a-z][a-z0-9_-]{0,63}$'),
        constraint user_preferences_interface_mode_check check (interface_mode in ('simple', 'advanced')),
        constraint user_preferences_data_object check (jsonb_typeof(preference_data) = 'object'),
        unique (workspace_id, user_id, preference_category),
        unique (workspace_id, id)
      );
      select app.secure_tenant_table('public.user_preferences', 'user_id');
    `)
  }

  async down() {
    this.schema.raw('drop table if exists public.user_preferences')
  }
}
