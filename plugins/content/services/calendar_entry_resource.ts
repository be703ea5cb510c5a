import { column, defineResource } from '#sdk'
import { CONTENT_TYPES, ENTRY_STATUSES } from '../validators/calendar_entry_validator.js'

/**
 * One content calendar entry (table `content_calendar`), declared once: select
 * list, row type, OpenAPI schema, CSV columns and writable fields derive from
 * it (docs/concepts/data-access.md). The status changes only through the
 * status route (its transitions), never through create or update.
 */
export const calendarEntryResource = defineResource({
  name: 'ContentCalendarEntry',
  table: 'content_calendar',
  columns: {
    id: column.uuid().required().csv(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable().required(),
    created_by_end_user_id: column.uuid().nullable().required().openapi({
      description: 'The embed end user who created it (`<aip-content-calendar>`), if any',
    }),
    assigned_to: column.uuid().nullable().required().writable().csv(),
    campaign_id: column.uuid().nullable().required().writable().csv(),
    title: column.text().required().writable().csv(),
    description: column.text().nullable().required().writable().csv(),
    content_type: column.enum(CONTENT_TYPES).required().writable().csv(),
    platform: column.text().nullable().required().writable().csv(),
    scheduled_date: column.timestamp().required().writable().csv(),
    status: column.enum(ENTRY_STATUSES).required().csv(),
    recurrence_rule: column
      .text()
      .nullable()
      .required()
      .writable()
      .openapi({ description: 'RFC 5545 RRULE (without DTSTART: the scheduled date is the start)' })
      .csv(),
    recurrence_until: column.timestamp().nullable().required(),
    time_zone: column
      .text()
      .required()
      .writable()
      .openapi({ description: 'IANA time zone the recurrence keeps its wall-clock time in' })
      .csv(),
    content_data: column.jsonb().required().writable(),
    metadata: column.jsonb().required().writable(),
    published_at: column.timestamp().nullable().required().csv(),
    created_at: column.timestamp().required().csv(),
    updated_at: column.timestamp().required(),
  },
})

/** A calendar entry row as selected. */
export type CalendarEntryRow = typeof calendarEntryResource.$row
