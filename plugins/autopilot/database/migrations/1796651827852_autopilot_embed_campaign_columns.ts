import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Narrows what `<aip-autopilot-inbox>` may read of the campaigns plugin's
 * table: the embed role (`app_anon`, with an end-user session, see
 * 1796651827851) had `select` on every column of `public.campaigns`, wider
 * than the campaigns plugin's own column grant to the same role (no budgets,
 * audience or notes). Applying a channel budget reads only a campaign's id,
 * workspace, status, channel, auto-management flag and settings. Revoking the
 * table-level grant also revokes column grants, so the dashboard's columns
 * (1795847111004) are granted again with these.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      revoke select on public.campaigns from app_anon;
      grant select (id, workspace_id, name, status, channel, start_date, end_date, created_at,
        auto_managed, settings)
        on public.campaigns to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke select (auto_managed, settings) on public.campaigns from app_anon;
      grant select on public.campaigns to app_anon;
    `)
  }
}
