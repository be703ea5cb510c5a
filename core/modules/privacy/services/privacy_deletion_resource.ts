import { column, defineResource } from '#sdk'

/**
 * An account deletion request (table `data_deletion_requests`) as the API
 * returns it: the one place that lists its columns. The confirmation token's
 * hash is not a column of the resource, so it never reaches a response.
 */
export const privacyDeletionResource = defineResource({
  name: 'PrivacyDeletionRequest',
  table: 'data_deletion_requests',
  columns: {
    id: column.uuid().required(),
    request_id: column.text().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    status: column
      .enum([
        'awaiting_confirmation',
        'pending',
        'processing',
        'completed',
        'failed',
        'expired',
      ] as const)
      .required()
      .openapi({ type: 'string' }),
    requested_at: column.timestamp().nullable().required(),
    completed_at: column.timestamp().nullable(),
    confirmation_required: column.boolean().nullable(),
    confirmation_expires_at: column.timestamp().nullable(),
    confirmed_at: column.timestamp().nullable(),
    reason: column.text().nullable(),
    summary: column.jsonb(),
    error: column.text().nullable(),
    created_at: column.timestamp().nullable(),
  },
})

/** A deletion request row as selected. */
export type PrivacyDeletionRow = typeof privacyDeletionResource.$row
