import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableUuid = { type: ['string', 'null'], format: 'uuid' }
const dateTime = { type: 'string', format: 'date-time' }
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' }
const nullableString = { type: ['string', 'null'] }
const nullableNumber = { type: ['number', 'null'] }
const object = { type: 'object' }
const day = { type: 'string', format: 'date' }

/** A campaign (seed table campaigns). */
export const campaign = defineSchema('Campaign', {
  type: 'object',
  required: ['id', 'workspace_id', 'name', 'status', 'total_budget', 'budget_spent', 'created_at'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    created_by: nullableUuid,
    name: { type: 'string' },
    description: nullableString,
    type: {
      type: ['string', 'null'],
      enum: [
        'lead_generation',
        'brand_awareness',
        'product_launch',
        'email',
        'social_media',
        'custom',
        null,
      ],
    },
    channel: nullableString,
    status: { type: 'string', enum: ['draft', 'active', 'paused', 'completed'] },
    total_budget: { type: 'number' },
    budget_allocated: { type: 'number' },
    budget_spent: { type: 'number' },
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    primary_objective: nullableString,
    target_audience: nullableString,
    channels: { type: 'array', items: { type: 'string' } },
    demographics: object,
    kpi_targets: object,
    content: object,
    settings: object,
    metrics: object,
    auto_managed: { type: 'boolean' },
    metadata: object,
    created_at: dateTime,
    updated_at: dateTime,
  },
})
/** A page of campaigns. */
export const campaignPage = pageOf('CampaignPage', campaign)

/** A campaign task (seed table campaign_tasks). */
export const task = defineSchema('CampaignTask', {
  type: 'object',
  required: ['id', 'campaign_id', 'title', 'status', 'priority', 'created_at'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    campaign_id: uuid,
    created_by: nullableUuid,
    title: { type: 'string' },
    description: nullableString,
    status: { type: 'string', enum: ['pending', 'in_progress', 'completed', 'cancelled'] },
    priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'] },
    due_date: nullableDateTime,
    completed_at: nullableDateTime,
    created_at: dateTime,
    updated_at: dateTime,
  },
})
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
export const prediction = defineSchema('CampaignPrediction', {
  type: 'object',
  required: [
    'id',
    'campaign_id',
    'prediction_type',
    'prediction_data',
    'confidence_score',
    'created_at',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    campaign_id: uuid,
    prediction_type: {
      type: 'string',
      enum: ['kpi_forecast', 'budget_optimization', 'performance_prediction'],
    },
    prediction_data: object,
    confidence_score: { type: 'number', minimum: 0, maximum: 1 },
    based_on_campaigns: { type: ['array', 'null'], items: { type: 'string' } },
    actual_outcome: { type: ['object', 'null'] },
    accuracy_score: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    created_at: dateTime,
  },
})
/** A page of predictions. */
export const predictionPage = pageOf('CampaignPredictionPage', prediction)
