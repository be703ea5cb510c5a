import { column, defineResource } from '#sdk'

/**
 * One daily metric value of a campaign (seed table `campaign_metrics`),
 * written only by the bulk ingestion's upsert. `metric_date` is selected as
 * text (`2026-01-31`), not as a Date at local midnight.
 */
export const campaignMetricResource = defineResource({
  name: 'CampaignMetric',
  table: 'campaign_metrics',
  columns: {
    id: column.uuid().required(),
    campaign_id: column.uuid().required(),
    metric_type: column.text().required(),
    metric_value: column.numeric().required(),
    metric_date: column
      .date()
      .required()
      .computed((t) => `${t}.metric_date::text`),
    created_at: column.timestamp(),
  },
})
