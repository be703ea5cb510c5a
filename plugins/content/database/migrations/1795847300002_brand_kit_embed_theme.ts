import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Widgets on a customer's site (role `app_anon`, the workspace set by the
 * publishable key) read the workspace's active brand kit for their theme:
 * only that row, read-only.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create policy brand_assets_anon_select on public.brand_assets for select to app_anon
        using (workspace_id = (select app.current_workspace_id()) and is_active and asset_type = 'brand_kit');
      grant select on public.brand_assets to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke select on public.brand_assets from app_anon;
      drop policy if exists brand_assets_anon_select on public.brand_assets;
    `)
  }
}
