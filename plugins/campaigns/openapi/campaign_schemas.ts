import { defineSchema, pageOf } from '#sdk'
import { campaignResource } from '../services/campaign_resource.js'
import { campaignTaskResource } from '../services/campaign_task_resource.js'
import { campaignPredictionResource } from '../services/campaign_prediction_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const dateTime = { type: 'string', format: 'date-time' }
const nullableNumber = { type: ['number', 'null'] }
const object = { type: 'object' }
const day = { type: 'string', format: 'date' }

/** A campaign (seed table campaigns; declared in services/campaign_resource.ts). */
export const campaign = campaignResource.schema
/** A page of campaigns. */
export const campaignPage = pageOf('CampaignPage', campaign)

/** A campaign task (seed table campaign_tasks). */
export const task = campaignTaskResource.schema
/** A page of campaign tasks. */
export const taskPage = pageOf('CampaignTaskPage', task)

/** One daily metric value (seed table campaign_metrics). */
export const metric = defineSchema('CampaignMetric', {
  type: 'object',
  required: ['id', 'campaign_id', 'metric_type', 'metric_value', 'metric_date'],
  properties: {
    id: uuid,
    campaign_id: uuid,
    metric_type: { type: 'string' },
    metric_value: { type: 'number' },
    metric_date: day,
    created_at: dateTime,
  },
})
/** A page of daily metric values. */
export const metricPage = pageOf('CampaignMetricPage', metric)

/** Outcome of a bulk metrics ingestion. */
export const ingestResult = defineSchema('CampaignMetricIngestResult', {
  type: 'object',
  required: ['received', 'inserted', 'updated', 'unchanged'],
  properties: {
    received: { type: 'integer' },
    inserted: { type: 'integer', description: 'New (type, day) rows' },
    updated: { type: 'integer', description: 'Existing rows whose value changed' },
    unchanged: { type: 'integer', description: 'Rows already stored with the same value' },
  },
})

/** Totals and ratios of a campaign over a range of days. */
export const summary = defineSchema('CampaignSummary', {
  type: 'object',
  required: [
    'campaign_id',
    'impressions',
    'clicks',
    'conversions',
    'cost',
    'revenue',
    'ctr',
    'cpc',
    'cpa',
    'roi',
  ],
  properties: {
    campaign_id: uuid,
    from: { type: ['string', 'null'], format: 'date' },
    to: { type: ['string', 'null'], format: 'date' },
    impressions: { type: 'number' },
    clicks: { type: 'number' },
    conversions: { type: 'number' },
    cost: { type: 'number' },
    revenue: { type: 'number' },
    ctr: { ...nullableNumber, description: 'clicks / impressions; null without impressions' },
    conversion_rate: { ...nullableNumber, description: 'conversions / clicks' },
    cpc: { ...nullableNumber, description: 'cost / clicks' },
    cpa: { ...nullableNumber, description: 'cost / conversions' },
    roi: { ...nullableNumber, description: '(revenue − cost) / cost' },
    days_with_data: { type: 'integer' },
    first_day: { type: ['string', 'null'], format: 'date' },
    last_day: { type: ['string', 'null'], format: 'date' },
  },
})

/** A performance measurement (seed table campaign_performance_monitor). */
export const monitor = defineSchema('CampaignPerformanceMonitor', {
  type: 'object',
  required: [
    'id',
    'campaign_id',
    'channel',
    'metrics',
    'performance_score',
    'optimization_suggestions',
    'measured_at',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    campaign_id: uuid,
    channel: { type: 'string' },
    metrics: object,
    benchmark_metrics: { type: ['object', 'null'] },
    performance_score: { type: 'number', minimum: 0, maximum: 100 },
    optimization_suggestions: {
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
    },
    auto_actions_taken: { type: 'array' },
    measured_at: dateTime,
    created_at: dateTime,
  },
})
/** A page of performance measurements. */
export const monitorPage = pageOf('CampaignPerformanceMonitorPage', monitor)

/** A recorded KPI value (seed table campaign_performance_metrics). */
export const performanceMetric = defineSchema('CampaignPerformanceMetric', {
  type: 'object',
  required: ['id', 'campaign_id', 'metric_name', 'metric_value', 'recorded_at'],
  properties: {
    id: uuid,
    campaign_id: uuid,
    metric_name: { type: 'string' },
    metric_value: { type: 'number' },
    recorded_at: dateTime,
    created_at: dateTime,
  },
})
/** A page of recorded KPI values. */
export const performanceMetricPage = pageOf('CampaignPerformanceMetricPage', performanceMetric)

/** A queued job. */
export const queuedJob = defineSchema('CampaignQueuedJob', {
  type: 'object',
  required: ['job_id', 'task'],
  properties: { job_id: { type: 'string' }, task: { type: 'string' } },
})

/** A prediction (seed table campaign_predictions). */
export const prediction = campaignPredictionResource.schema
/** A page of predictions. */
export const predictionPage = pageOf('CampaignPredictionPage', prediction)
