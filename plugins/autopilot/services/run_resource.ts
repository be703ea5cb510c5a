import { column, defineResource } from '#sdk'

/** A daily or weekly run of one workspace's autopilot (table `autopilot_runs`): its steps and outcome. */
export const runResource = defineResource({
  name: 'AutopilotRun',
  table: 'autopilot_runs',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    autopilot_config_id: column.uuid().required(),
    kind: column.enum(['daily', 'weekly'] as const).required(),
    run_date: column
      .date()
      .required()
      .computed((t) => `${t}.run_date::text`),
    status: column.enum(['running', 'completed', 'stopped', 'failed'] as const).required(),
    dry_run: column.boolean().required(),
    steps_done: column.textArray().required(),
    summary: column.jsonb().required(),
    attempts: column.integer().required(),
    last_error: column.text().nullable().required(),
    started_at: column.timestamp().required(),
    finished_at: column.timestamp().nullable().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A run row as selected. */
export type RunRow = typeof runResource.$row
