import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `lead_forms` has no `id`: its audit rows name the form by its embed key
 * (the audit trigger's key-column argument, core migration
 * `1764002000002_audit_trigger_key_column`).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      drop trigger if exists lead_forms_audit on public.lead_forms;
      create trigger lead_forms_audit after insert or update or delete on public.lead_forms
        for each row execute function app.audit_trigger('workspace_id', 'embed_key_id');
    `)
  }

  async down() {
    this.schema.raw(`
      drop trigger if exists lead_forms_audit on public.lead_forms;
      create trigger lead_forms_audit after insert or update or delete on public.lead_forms
        for each row execute function app.audit_trigger();
    `)
  }
}
