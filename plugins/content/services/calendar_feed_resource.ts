import { column, defineResource } from '#sdk'

/** An ICS feed of the workspace's calendar (table `content_calendar_feeds`; never the token). */
export const calendarFeedResource = defineResource({
  name: 'ContentCalendarFeed',
  table: 'content_calendar_feeds',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    name: column.text().required().writable(),
    revoked_at: column.timestamp().nullable().required(),
    last_used_at: column.timestamp().nullable().required(),
    created_at: column.timestamp().required(),
  },
})
