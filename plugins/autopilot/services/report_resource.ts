import { column, defineResource } from '#sdk'

/** A weekly report (seed table `autopilot_weekly_reports`, one per workspace and week). */
export const reportResource = defineResource({
  name: 'AutopilotWeeklyReport',
  table: 'autopilot_weekly_reports',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().required(),
    autopilot_config_id: column.uuid().required(),
    week_start_date: column
      .date()
      .required()
      .computed((t) => `${t}.week_start_date::text`),
    week_end_date: column
      .date()
      .required()
      .computed((t) => `${t}.week_end_date::text`),
    total_leads_generated: column.integer().required(),
    total_spend: column.numeric().required(),
    roi: column.numeric().required(),
    top_performing_channel: column.text().nullable().required(),
    summary: column.jsonb().required(),
    ai_insights: column.jsonb().required(),
    created_at: column.timestamp().required(),
  },
})

/** A report row as selected. */
export type ReportRow = typeof reportResource.$row
