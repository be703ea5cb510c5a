import { column, defineResource } from '#sdk'
import { COMPANY_SIZES, LEAD_STATUSES } from '../validators/lead_validator.js'

/** Normalises an e-mail for storage: trimmed and lower case (uniqueness ignores case anyway). */
export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

/** Tags are stored trimmed, lower case and unique. */
export function normalizeTags(tags: string[]) {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort()
}

/**
 * A lead as the API reads and writes it (table `leads`): the one place that
 * lists its columns. The select list, `LeadRow`, the `Lead` OpenAPI schema,
 * the CSV export and the writable fields of create/update derive from it;
 * the input rules stay in validators/lead_validator.ts.
 */
export const leadResource = defineResource({
  name: 'Lead',
  table: 'leads',
  columns: {
    id: column.uuid().required().csv(),
    workspace_id: column.uuid().required(),
    first_name: column.text().nullable().writable().csv(),
    last_name: column.text().nullable().writable().csv(),
    email: column
      .text()
      .nullable()
      .required()
      .openapi({ format: 'email' })
      .writable({ set: (email: string | null) => (email ? normalizeEmail(email) : null) })
      .csv(),
    company: column.text().nullable().writable().csv(),
    job_title: column.text().nullable().writable().csv(),
    phone: column.text().nullable().writable().csv(),
    industry: column.text().nullable().writable().csv(),
    company_size: column.enum(COMPANY_SIZES).nullable().writable().csv(),
    source: column.text().required().writable().csv(),
    status: column.enum(LEAD_STATUSES).required().writable().csv(),
    lead_score: column.integer().required().openapi({ minimum: 0, maximum: 100 }).csv(),
    tags: column.textArray().required().writable({ set: normalizeTags }).csv(),
    custom_fields: column.jsonb().writable().csv(),
    marketing_consent: column.boolean().writable().csv(),
    consent_text: column.text().nullable().writable().csv(),
    consent_recorded_at: column.timestamp().nullable(),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp().required().csv(),
    updated_at: column.timestamp().csv(),
  },
})

/** A lead row as selected (snake_case, like the API). */
export type LeadRow = typeof leadResource.$row
