import { defineSchema, pageOf } from '#sdk'
import { campaignResource } from '../services/campaign_resource.js'
import { campaignTaskResource } from '../services/campaign_task_resource.js'
import { campaignPredictionResource } from '../services/campaign_prediction_resource.js'
import { campaignMetricResource } from '../services/campaign_metric_resource.js'
import { campaignPerformanceMetricResource } from '../services/campaign_performance_metric_resource.js'
import { campaignPerformanceMonitorResource } from '../services/campaign_performance_monitor_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const nullableNumber = { type: ['number', 'null'] }

/** A campaign (seed table campaigns; declared in services/campaign_resource.ts). */
export const campaign = campaignResource.schema
/** A page of campaigns. */
export const campaignPage = pageOf('CampaignPage', campaign)

/** A campaign task (seed table campaign_tasks). */
export const task = campaignTaskResource.schema
/** A page of campaign tasks. */
export const taskPage = pageOf('CampaignTaskPage', task)

/** One daily metric value (seed table campaign_metrics; services/campaign_metric_resource.ts). */
export const metric = campaignMetricResource.schema
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

/** A performance measurement (services/campaign_performance_monitor_resource.ts). */
export const monitor = campaignPerformanceMonitorResource.schema
/** A page of performance measurements. */
export const monitorPage = pageOf('CampaignPerformanceMonitorPage', monitor)

/** A recorded KPI value (services/campaign_performance_metric_resource.ts). */
export const performanceMetric = campaignPerformanceMetricResource.schema
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

const day = { type: 'string', format: 'date' }

/** A campaign as widgets see it: name, status and dates only. */
export const embedCampaign = defineSchema('EmbedCampaign', {
  type: 'object',
  required: ['id', 'name', 'status', 'channel', 'start_date', 'end_date'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    status: { type: 'string' },
    channel: { type: ['string', 'null'] },
    start_date: { type: ['string', 'null'], format: 'date-time' },
    end_date: { type: ['string', 'null'], format: 'date-time' },
  },
})

/** The campaigns a dashboard widget can pick from. */
export const embedCampaignList = defineSchema('EmbedCampaignList', {
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: embedCampaign } },
})

/** Totals of the base metrics on one day. */
export const dailyTotals = defineSchema('CampaignDailyTotals', {
  type: 'object',
  required: ['day', 'impressions', 'clicks', 'conversions', 'cost', 'revenue'],
  properties: {
    day,
    impressions: { type: 'number' },
    clicks: { type: 'number' },
    conversions: { type: 'number' },
    cost: { type: 'number' },
    revenue: { type: 'number' },
  },
})

/** KPIs of a campaign over a range and its daily series, for the dashboard widget. */
export const embedCampaignDashboard = defineSchema('EmbedCampaignDashboard', {
  type: 'object',
  required: ['campaign', 'from', 'to', 'days', 'summary', 'series'],
  properties: {
    campaign: embedCampaign,
    from: day,
    to: day,
    days: { type: 'integer' },
    summary,
    series: {
      type: 'array',
      items: dailyTotals,
      description: 'One entry per day from `from` to `to`, oldest first (zeros without data)',
    },
  },
})
