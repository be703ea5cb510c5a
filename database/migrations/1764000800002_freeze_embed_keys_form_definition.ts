import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The lead form's definition moved to the leads plugin (`lead_forms`, whose
 * migration copies `embed_keys.form_definition` over). The core no longer
 * reads or writes the column; this makes it read-only to the runtime roles and
 * says so in the catalog. It is not dropped here: core migrations run before
 * plugin migrations, so dropping it now would lose the forms before the leads
 * migration copies them, and an install with the leads plugin disabled keeps
 * them until it enables the plugin. A later release may drop it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      revoke update (form_definition) on public.embed_keys from app_authenticated;
      comment on column public.embed_keys.form_definition is
        'Unused: moved to lead_forms.form_definition (leads plugin), copied by its migration 1795847100003_create_lead_forms_table';
    `)
  }

  async down() {
    this.schema.raw(`
      comment on column public.embed_keys.form_definition is null;
      grant update (form_definition) on public.embed_keys to app_authenticated;
    `)
  }
}
