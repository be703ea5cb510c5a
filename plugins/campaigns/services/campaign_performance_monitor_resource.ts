import { column, defineResource } from '#sdk'
import type { Suggestion } from './performance_scoring.js'

const nullableNumber = { type: ['number', 'null'] }

/**
 * A performance measurement (seed table `campaign_performance_monitor`),
 * written only by the `campaigns/monitor_performance` job.
 */
export const campaignPerformanceMonitorResource = defineResource({
  name: 'CampaignPerformanceMonitor',
  table: 'campaign_performance_monitor',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    campaign_id: column.uuid().required(),
    channel: column.text().required(),
    metrics: column.jsonb().required(),
    benchmark_metrics: column.jsonb().nullable(),
    performance_score: column.float().required().openapi({ minimum: 0, maximum: 100 }),
    optimization_suggestions: column
      .jsonb<Suggestion[]>()
      .required()
      .schema({
        type: 'array',
        items: {
          type: 'object',
          required: ['rule', 'kpi', 'severity', 'action', 'message'],
          properties: {
            rule: { type: 'string' },
            kpi: { type: 'string' },
            severity: { type: 'string', enum: ['high', 'medium', 'low'] },
            action: { type: 'string' },
            message: { type: 'string' },
            actual: nullableNumber,
            benchmark: nullableNumber,
          },
        },
      }),
    auto_actions_taken: column.jsonb<unknown[]>().schema({ type: 'array' }),
    measured_at: column.timestamp().required(),
    created_at: column.timestamp(),
  },
})
