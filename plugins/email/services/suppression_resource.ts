import { column, defineResource } from '#sdk'

/** Why an address is suppressed. */
export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complained', 'manual'] as const

/** An address the workspace never sends to again (table `email_suppressions`). */
export const suppressionResource = defineResource({
  name: 'EmailSuppression',
  table: 'email_suppressions',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    email: column.text().required(),
    reason: column.enum(SUPPRESSION_REASONS).required(),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp().required(),
  },
})
/** A suppression row. */
export type SuppressionRow = typeof suppressionResource.$row
