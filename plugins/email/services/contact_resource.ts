import { column, defineResource } from '#sdk'

/** Subscription states of a contact. */
export const SUBSCRIPTION_STATUSES = [
  'pending',
  'subscribed',
  'unsubscribed',
  'bounced',
  'complained',
] as const

/** Lower-cases and de-duplicates tags, sorted. */
export function normalizeTags(tags: string[]) {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort()
}

/** An e-mail contact (table `email_contacts`). */
export const contactResource = defineResource({
  name: 'EmailContact',
  table: 'email_contacts',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    email: column
      .text()
      .required()
      .openapi({ format: 'email' })
      .writable({ on: 'create', set: (email: string) => email.trim().toLowerCase() }),
    name: column.text().nullable().required().writable(),
    company: column.text().nullable().required().writable(),
    tags: column.textArray().required().writable({ set: normalizeTags }),
    subscription_status: column.enum(SUBSCRIPTION_STATUSES).required(),
    metadata: column.jsonb().required().writable(),
    lead_id: column.uuid().nullable().required(),
    consent_source: column.text().nullable().required(),
    consent_recorded_at: column.timestamp().nullable().required(),
    confirmed_at: column.timestamp().nullable().required(),
    unsubscribed_at: column.timestamp().nullable().required(),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})
/** A contact row. */
export type ContactRow = typeof contactResource.$row
