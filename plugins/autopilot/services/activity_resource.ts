import { column, defineResource } from '#sdk'

/** One entry of the autopilot's activity log (seed table `autopilot_activity_log`), with before/after numbers. */
export const activityResource = defineResource({
  name: 'AutopilotActivity',
  table: 'autopilot_activity_log',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().required(),
    autopilot_config_id: column.uuid().required(),
    run_id: column.uuid().nullable().required(),
    activity_type: column.text().required(),
    activity_description: column.text().required(),
    entity_type: column.text().nullable().required(),
    entity_id: column.uuid().nullable().required(),
    metadata: column.jsonb().required(),
    impact_metrics: column.jsonb().required(),
    created_at: column.timestamp().required(),
  },
})

/** An activity row as selected. */
export type ActivityRow = typeof activityResource.$row
