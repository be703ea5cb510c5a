import { column, defineResource } from '#sdk'

/**
 * A KPI framework (seed table `performance_tracking_frameworks`): KPIs bound to
 * metrics of the catalogue (or flagged as needing a data source), with targets
 * and counter-metrics.
 */
export const kpiFrameworkResource = defineResource({
  name: 'KpiFramework',
  table: 'performance_tracking_frameworks',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable(),
    campaign_name: column.text().required(),
    channels: column.textArray().required(),
    tracking_framework: column.jsonb().required(),
    input_data: column.jsonb().required(),
    is_active: column.boolean().required(),
    current_version: column.integer().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A KPI framework row. */
export type KpiFrameworkRow = typeof kpiFrameworkResource.$row
