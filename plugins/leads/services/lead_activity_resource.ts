import { column, defineResource } from '#sdk'

/** An activity of a lead (table `lead_activities`) as the API returns it. */
export const leadActivityResource = defineResource({
  name: 'LeadActivity',
  table: 'lead_activities',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    lead_id: column.uuid().required(),
    activity_type: column.text().required(),
    activity_data: column.jsonb().required(),
    occurred_at: column.timestamp().required(),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp(),
  },
})
