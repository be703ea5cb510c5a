import { column, defineResource } from '#sdk'

/** A KPI value recorded by the performance monitor (seed table `campaign_performance_metrics`). */
export const campaignPerformanceMetricResource = defineResource({
  name: 'CampaignPerformanceMetric',
  table: 'campaign_performance_metrics',
  columns: {
    id: column.uuid().required(),
    campaign_id: column.uuid().required(),
    metric_name: column.text().required(),
    metric_value: column.numeric().required(),
    recorded_at: column.timestamp().required(),
    created_at: column.timestamp(),
  },
})
