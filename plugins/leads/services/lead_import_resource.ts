import { column, defineResource } from '#sdk'

/** A failed row of a CSV import. */
export interface ImportRowError {
  row: number
  email: string | null
  reason: string
}

/** A CSV import and its progress (table `lead_imports`; never the file content). */
export const leadImportResource = defineResource({
  name: 'LeadImport',
  table: 'lead_imports',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    created_by: column.uuid().nullable(),
    file_name: column.text().nullable(),
    default_source: column.text(),
    status: column.enum(['queued', 'running', 'completed', 'failed'] as const).required(),
    rows_total: column.integer().required(),
    rows_processed: column.integer().required(),
    rows_created: column.integer(),
    rows_merged: column.integer(),
    rows_failed: column.integer().required(),
    errors: column
      .jsonb<ImportRowError[]>()
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

/**
 * Storage key (workspace-relative) of an import's uploaded file, kept until
 * the import has run.
 */
export function importFileKey(importId: string) {
  return `lead-imports/${importId}.csv`
}
