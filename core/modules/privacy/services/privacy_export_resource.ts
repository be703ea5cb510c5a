import { column, defineResource } from '#sdk'

/**
 * A data export request (table `data_export_requests`) as the API returns it:
 * the one place that lists its columns. The storage key is not a column of
 * the resource, so it never reaches a response.
 */
export const privacyExportResource = defineResource({
  name: 'PrivacyExportRequest',
  table: 'data_export_requests',
  columns: {
    id: column.uuid().required(),
    request_id: column.text().required().openapi({ description: 'Human-readable reference' }),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    status: column
      .enum(['pending', 'processing', 'completed', 'failed', 'expired'] as const)
      .required()
      .openapi({ type: 'string' }),
    progress: column.integer().required().openapi({ minimum: 0, maximum: 100 }),
    requested_at: column.timestamp().nullable().required(),
    completed_at: column.timestamp().nullable(),
    download_url: column.text().nullable().openapi({
      description: 'Signed link to the zip archive, valid until expires_at (no token needed)',
    }),
    expires_at: column.timestamp().nullable(),
    /** A bigint: a string from PostgreSQL, a number from the embedded database. */
    archive_bytes: column
      .integer()
      .nullable()
      .schema({ type: ['integer', 'string', 'null'] }),
    summary: column.jsonb(),
    error: column.text().nullable(),
    created_at: column.timestamp().nullable(),
  },
})

/** An export request row as selected. */
export type PrivacyExportRow = typeof privacyExportResource.$row
