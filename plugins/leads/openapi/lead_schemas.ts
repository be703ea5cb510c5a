import { defineSchema, pageOf } from '#sdk'
import { COMPANY_SIZES, LEAD_STATUSES } from '../validators/lead_validator.js'

const uuid = { type: 'string', format: 'uuid' }
const nullableUuid = { type: ['string', 'null'], format: 'uuid' }
const nullableText = { type: ['string', 'null'] }
const dateTime = { type: 'string', format: 'date-time' }

/** A lead. */
export const lead = defineSchema('Lead', {
  type: 'object',
  required: ['id', 'workspace_id', 'email', 'source', 'status', 'lead_score', 'tags', 'created_at'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    first_name: nullableText,
    last_name: nullableText,
    email: { type: ['string', 'null'], format: 'email' },
    company: nullableText,
    job_title: nullableText,
    phone: nullableText,
    industry: nullableText,
    company_size: { enum: [...COMPANY_SIZES, null] },
    source: { type: 'string' },
    status: { enum: [...LEAD_STATUSES] },
    lead_score: { type: 'integer', minimum: 0, maximum: 100 },
    tags: { type: 'array', items: { type: 'string' } },
    custom_fields: { type: 'object' },
    marketing_consent: { type: 'boolean' },
    consent_text: nullableText,
    consent_recorded_at: { type: ['string', 'null'], format: 'date-time' },
    created_by: nullableUuid,
    created_at: dateTime,
    updated_at: dateTime,
  },
})

/** A page of leads. */
export const leadPage = pageOf('LeadPage', lead)

/** An activity of a lead. */
export const activity = defineSchema('LeadActivity', {
  type: 'object',
  required: ['id', 'lead_id', 'activity_type', 'activity_data', 'occurred_at'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    lead_id: uuid,
    activity_type: { type: 'string' },
    activity_data: { type: 'object' },
    occurred_at: dateTime,
    created_by: nullableUuid,
    created_at: dateTime,
  },
})

/** A page of activities. */
export const activityPage = pageOf('LeadActivityPage', activity)

/** A scoring rule. */
export const scoringRule = defineSchema('LeadScoringRule', {
  type: 'object',
  required: ['id', 'rule_name', 'category', 'conditions', 'score_weight', 'is_active'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    rule_name: { type: 'string' },
    description: nullableText,
    category: { enum: ['fit', 'engagement'] },
    conditions: {
      type: 'object',
      description:
        '{"all": [...]} or {"any": [...]}: field conditions {field, op, value} and activity conditions {activity, min_count, within_days}',
    },
    score_weight: { type: 'integer', minimum: -100, maximum: 100 },
    half_life_days: { type: ['integer', 'null'] },
    is_active: { type: 'boolean' },
    created_by: nullableUuid,
    created_at: dateTime,
    updated_at: dateTime,
  },
})

/** A page of scoring rules. */
export const scoringRulePage = pageOf('LeadScoringRulePage', scoringRule)

const explanationItem = {
  type: 'object',
  required: ['rule_id', 'rule_name', 'category', 'weight', 'points'],
  properties: {
    rule_id: uuid,
    rule_name: { type: 'string' },
    category: { enum: ['fit', 'engagement'] },
    weight: { type: 'integer' },
    points: { type: 'number', description: 'weight x decay_factor' },
    decay_factor: {
      type: ['number', 'null'],
      description: '0.5^(age in days / half-life) for engagement rules matched on activities',
    },
    last_activity_at: { type: ['string', 'null'], format: 'date-time' },
  },
}

/** The explanation of a lead's score. */
export const scoreExplanation = defineSchema('LeadScoreExplanation', {
  type: 'object',
  required: ['lead_id', 'score', 'fit_points', 'engagement_points', 'fit', 'engagement'],
  properties: {
    lead_id: uuid,
    score: { type: 'integer', minimum: 0, maximum: 100 },
    fit_points: { type: 'number' },
    engagement_points: { type: 'number' },
    computed_at: { type: ['string', 'null'], format: 'date-time' },
    default_half_life_days: { type: 'integer' },
    fit: { type: 'array', items: explanationItem },
    engagement: { type: 'array', items: explanationItem },
  },
})

/** A queued background job. */
export const queuedJob = defineSchema('LeadJobQueued', {
  type: 'object',
  required: ['job_id', 'status'],
  properties: { job_id: { type: 'string' }, status: { const: 'queued' } },
})

/** A CSV import and its progress. */
export const leadImport = defineSchema('LeadImport', {
  type: 'object',
  required: ['id', 'status', 'rows_total', 'rows_processed', 'rows_failed', 'errors'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    created_by: nullableUuid,
    file_name: nullableText,
    default_source: { type: 'string' },
    status: { enum: ['queued', 'running', 'completed', 'failed'] },
    rows_total: { type: 'integer' },
    rows_processed: { type: 'integer' },
    rows_created: { type: 'integer' },
    rows_merged: { type: 'integer' },
    rows_failed: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer', description: 'Line number in the file (the header is line 1)' },
          email: nullableText,
          reason: { type: 'string' },
        },
      },
    },
    error_message: nullableText,
    started_at: { type: ['string', 'null'], format: 'date-time' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    created_at: dateTime,
    updated_at: dateTime,
  },
})
