import { column, defineResource } from '#sdk'

/** A segment (table `email_segments`): conditions on contacts, evaluated in SQL. */
export const segmentResource = defineResource({
  name: 'EmailSegment',
  table: 'email_segments',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    name: column.text().required().writable(),
    conditions: column.jsonb().required().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})
/** A segment row. */
export type SegmentRow = typeof segmentResource.$row
