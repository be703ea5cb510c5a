import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Ingestion bookkeeping on `knowledge_documents`:
 * - `source_text`: the raw text of a `text` document (its source, kept so the
 *   document can be re-processed; `content` is what processing made of it);
 * - `processing_run`: the id of the latest processing request. Every job
 *   carries the run it was enqueued for and does nothing once a newer upload,
 *   content replacement or re-process has superseded it, so a slow stale job
 *   can never overwrite newer content.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.knowledge_documents
        add column source_text text,
        add column processing_run uuid not null default gen_random_uuid();
    `)
  }

  async down() {
    this.schema.raw(`
      alter table public.knowledge_documents
        drop column if exists source_text,
        drop column if exists processing_run;
    `)
  }
}
