import { column, defineResource } from '#sdk'

/** A failed row of a contacts CSV import. */
export interface ContactImportRowError {
  row: number
  email: string | null
  reason: string
}

/** A contacts CSV import and its progress (table `email_contact_imports`; never the file). */
export const contactImportResource = defineResource({
  name: 'EmailContactImport',
  table: 'email_contact_imports',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    created_by: column.uuid().nullable(),
    file_name: column.text().nullable(),
    consent_source: column.text().nullable(),
    add_tags: column.textArray().required(),
    status: column.enum(['queued', 'running', 'completed', 'failed'] as const).required(),
    rows_total: column.integer().required(),
    rows_processed: column.integer().required(),
    rows_created: column.integer().required(),
    rows_updated: column.integer().required(),
    rows_failed: column.integer().required(),
    errors: column
      .jsonb<ContactImportRowError[]>()
      .required()
      .schema({
        type: 'array',
        items: {
          type: 'object',
          properties: {
            row: { type: 'integer', description: 'Line number in the file (the header is line 1)' },
            email: { type: ['string', 'null'] },
            reason: { type: 'string' },
          },
        },
      }),
    error_message: column.text().nullable(),
    started_at: column.timestamp().nullable(),
    completed_at: column.timestamp().nullable(),
    created_at: column.timestamp(),
    updated_at: column.timestamp(),
  },
})

/** Storage key (workspace-relative) of an import's file, kept until the import has run. */
export function contactImportFileKey(importId: string) {
  return `email-contact-imports/${importId}.csv`
}
