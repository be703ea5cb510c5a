import { column, defineResource } from '#sdk'

/**
 * The workspace's autopilot configuration (seed table
 * `marketing_autopilot_config`, one per workspace): the select list, the row
 * type, the `AutopilotConfig` schema and the writable fields derive from it.
 */
export const configResource = defineResource({
  name: 'AutopilotConfig',
  table: 'marketing_autopilot_config',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().required(),
    business_description: column.text().required().writable(),
    target_audience: column.jsonb().required().writable(),
    monthly_budget: column.numeric().required().writable(),
    goals: column
      .jsonb<string[]>()
      .required()
      .writable()
      .openapi({ type: 'array', items: { type: 'string' } }),
    channels: column
      .jsonb<string[]>()
      .required()
      .writable()
      .openapi({ type: 'array', items: { type: 'string' } }),
    ai_strategy: column.jsonb().required(),
    is_active: column.boolean().required().writable(),
    dry_run: column.boolean().required().writable(),
    last_optimized_at: column.timestamp().nullable().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A configuration row as selected. */
export type ConfigRow = typeof configResource.$row
