import { defineSchema, pageOf } from '#sdk'
import { configResource } from '../services/config_resource.js'
import { runResource } from '../services/run_resource.js'
import { proposalResource } from '../services/proposal_resource.js'
import { inboxResource } from '../services/inbox_resource.js'
import { activityResource } from '../services/activity_resource.js'
import { reportResource } from '../services/report_resource.js'

const config = configResource.schema
const run = runResource.schema
const proposal = proposalResource.schema
const inboxLead = inboxResource.schema
const activity = activityResource.schema
const report = reportResource.schema

/** Answer of the manual trigger: the queued job. */
const queuedRun = defineSchema('AutopilotQueuedRun', {
  type: 'object',
  required: ['task', 'job_id', 'kind', 'date'],
  properties: {
    task: { type: 'string' },
    job_id: { type: 'string' },
    kind: { enum: ['daily', 'weekly'] },
    date: {
      type: 'string',
      format: 'date',
      description: 'run_date (daily) or week_start (weekly)',
    },
  },
})

/** The dashboard numbers (get_autopilot_dashboard_stats()). */
const dashboard = defineSchema('AutopilotDashboard', {
  type: 'object',
  required: [
    'week_start',
    'this_week_leads',
    'this_week_spend',
    'this_week_conversions',
    'this_week_roi',
    'total_leads',
    'pending_approvals',
    'actions_applied_this_week',
    'is_active',
    'last_run_at',
  ],
  properties: {
    week_start: { type: 'string', format: 'date' },
    this_week_leads: { type: 'integer' },
    this_week_spend: { type: 'number' },
    this_week_conversions: { type: 'number' },
    this_week_roi: { type: 'number' },
    total_leads: { type: 'integer' },
    pending_approvals: { type: 'integer' },
    actions_applied_this_week: { type: 'integer' },
    is_active: { type: ['boolean', 'null'] },
    last_run_at: { type: ['string', 'null'], format: 'date-time' },
  },
})

/** One schedule's state in the cron monitor. */
const cronEntry = {
  type: 'object',
  required: [
    'schedule',
    'task',
    'cron',
    'last_run',
    'next_run_at',
    'queued',
    'last_error',
    'failures_in_a_row',
  ],
  properties: {
    schedule: { enum: ['daily', 'weekly'] },
    task: { type: 'string' },
    cron: { type: 'string' },
    last_run: {
      type: ['object', 'null'],
      required: ['id', 'date', 'status', 'started_at', 'finished_at'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        date: { type: 'string', format: 'date' },
        status: { type: 'string' },
        started_at: { type: 'string', format: 'date-time' },
        finished_at: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    next_run_at: { type: 'string', format: 'date-time' },
    queued: {
      type: ['object', 'null'],
      required: ['job_key', 'attempts', 'max_attempts', 'run_at', 'locked'],
      properties: {
        job_key: { type: 'string' },
        attempts: { type: 'integer' },
        max_attempts: { type: 'integer' },
        run_at: { type: 'string', format: 'date-time' },
        locked: { type: 'boolean' },
      },
    },
    last_error: { type: ['string', 'null'] },
    failures_in_a_row: { type: 'integer' },
  },
}

/** The cron monitor of the workspace's autopilot schedules. */
const cronMonitor = defineSchema('AutopilotCronMonitor', {
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: cronEntry } },
})

/** Response schemas of the autopilot routes (OpenAPI components). */
export const autopilotSchemas = {
  config,
  run,
  runPage: pageOf('AutopilotRunPage', run),
  proposal,
  proposalPage: pageOf('AutopilotProposalPage', proposal),
  inboxLead,
  inboxPage: pageOf('AutopilotInboxPage', inboxLead),
  activityPage: pageOf('AutopilotActivityPage', activity),
  report,
  reportPage: pageOf('AutopilotWeeklyReportPage', report),
  queuedRun,
  dashboard,
  cronMonitor,
}
