import { column, defineResource } from '#sdk'

/** The inbox status flow: new → contacted → qualified → converted. */
export const INBOX_STATUSES = ['new', 'contacted', 'qualified', 'converted'] as const
/** Triage priorities. */
export const INBOX_PRIORITIES = ['high', 'medium', 'low'] as const

/** A lead in the autopilot's lead inbox (seed table `autopilot_lead_inbox`), triaged with a priority and a next action. */
export const inboxResource = defineResource({
  name: 'AutopilotInboxLead',
  table: 'autopilot_lead_inbox',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().required(),
    lead_id: column.uuid().required(),
    full_name: column.text().nullable().required(),
    company_name: column.text().nullable().required(),
    email: column.text().nullable().required(),
    phone: column.text().nullable().required(),
    source: column.text().nullable().required(),
    score: column.integer().nullable().required(),
    priority: column.enum(INBOX_PRIORITIES).required(),
    suggested_action: column.text().nullable().required(),
    reasons: column
      .jsonb<Array<Record<string, unknown>>>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    status: column.enum(INBOX_STATUSES).required().writable(),
    notes: column.text().nullable().required().writable(),
    received_at: column.timestamp().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** An inbox row as selected. */
export type InboxRow = typeof inboxResource.$row
