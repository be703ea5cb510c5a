import { defineSchema, pageOf } from '#sdk'
import { leadResource } from '../services/lead_resource.js'
import { leadActivityResource } from '../services/lead_activity_resource.js'
import { scoringRuleResource } from '../services/scoring_rule_resource.js'
import { leadImportResource } from '../services/lead_import_resource.js'

const uuid = { type: 'string', format: 'uuid' }

/** A lead (declared in services/lead_resource.ts). */
export const lead = leadResource.schema

/** A page of leads. */
export const leadPage = pageOf('LeadPage', lead)

/** An activity of a lead. */
export const activity = leadActivityResource.schema

/** A page of activities. */
export const activityPage = pageOf('LeadActivityPage', activity)

/** A scoring rule. */
export const scoringRule = scoringRuleResource.schema

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
    computed_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'When this explanation last changed (a rescoring that changes nothing keeps it)',
    },
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
export const leadImport = leadImportResource.schema
