import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `lead_imports.storage_key`: an uploaded CSV file now waits in the
 * workspace's storage (workspace-relative key) until its import has run,
 * instead of in the `content` column, so the import job streams it once
 * rather than loading and re-parsing the whole text per chunk. `content`
 * stays for imports queued before this change.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`alter table public.lead_imports add column storage_key text`)
  }

  async down() {
    this.schema.raw(`alter table public.lead_imports drop column if exists storage_key`)
  }
}
