import { column, defineResource } from '#sdk'

/**
 * An entry of the privacy audit trail (table `privacy_audit_log`) as the API
 * returns it: the one place that lists its columns (written by
 * `writePrivacyAudit`).
 */
export const privacyAuditResource = defineResource({
  name: 'PrivacyAuditEntry',
  table: 'privacy_audit_log',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    user_id: column.uuid(),
    event_type: column.text().required(),
    details: column.jsonb().required(),
    ip_address: column.text().nullable(),
    user_agent: column.text().nullable(),
    timestamp: column.timestamp().nullable().required(),
  },
})

/** An audit entry row as selected. */
export type PrivacyAuditRow = typeof privacyAuditResource.$row
