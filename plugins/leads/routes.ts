import router from '@adonisjs/core/services/router'
import { pageQueryValidator, uuidParams } from '#sdk'
import {
  createLeadValidator,
  exportLeadsValidator,
  listLeadsValidator,
  updateLeadValidator,
} from './validators/lead_validator.js'
import {
  createActivityValidator,
  listActivitiesValidator,
} from './validators/lead_activity_validator.js'
import { createRuleValidator, updateRuleValidator } from './validators/scoring_rule_validator.js'
import * as schemas from './openapi/lead_schemas.js'
import { registerEmbedLeadRoutes } from './routes/embed_routes.js'

const LeadsController = () => import('./controllers/leads_controller.js')
const ActivitiesController = () => import('./controllers/lead_activities_controller.js')
const ScoresController = () => import('./controllers/lead_scores_controller.js')
const RulesController = () => import('./controllers/lead_scoring_rules_controller.js')
const ImportsController = () => import('./controllers/lead_imports_controller.js')
const ExportsController = () => import('./controllers/lead_exports_controller.js')

const tag = 'Leads'
const idParams = uuidParams()

/**
 * Registers the leads routes (mounted under /v1 behind the tenant and
 * idempotency middleware). Fixed paths come before `/leads/:id`.
 */
export default function registerLeadsRoutes() {
  registerEmbedLeadRoutes()
  router.get('/leads/scoring-rules', [RulesController, 'index']).openapi({
    operationId: 'leads.scoring_rules.list',
    summary: 'Scoring rules of this workspace, oldest first',
    tag,
    scope: 'leads:read',
    query: pageQueryValidator,
    responses: { 200: { description: 'A page of rules', schema: schemas.scoringRulePage } },
  })
  router.post('/leads/scoring-rules', [RulesController, 'store']).openapi({
    operationId: 'leads.scoring_rules.create',
    summary: 'Create a scoring rule (rescoring of the workspace is enqueued)',
    tag,
    scope: 'leads:write',
    body: createRuleValidator,
    responses: {
      201: { description: 'Created', schema: schemas.scoringRule },
      409: { description: 'A rule of that name exists, or the workspace has 100 rules' },
    },
  })
  router.get('/leads/scoring-rules/:id', [RulesController, 'show']).openapi({
    operationId: 'leads.scoring_rules.show',
    summary: 'One scoring rule',
    tag,
    scope: 'leads:read',
    params: idParams,
    responses: { 200: { description: 'The rule', schema: schemas.scoringRule } },
  })
  router.patch('/leads/scoring-rules/:id', [RulesController, 'update']).openapi({
    operationId: 'leads.scoring_rules.update',
    summary: 'Change a scoring rule (rescoring of the workspace is enqueued)',
    tag,
    scope: 'leads:write',
    params: idParams,
    body: updateRuleValidator,
    responses: { 200: { description: 'Updated', schema: schemas.scoringRule } },
  })
  router.delete('/leads/scoring-rules/:id', [RulesController, 'destroy']).openapi({
    operationId: 'leads.scoring_rules.delete',
    summary: 'Delete a scoring rule (rescoring of the workspace is enqueued)',
    tag,
    scope: 'leads:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.post('/leads/rescore', [ScoresController, 'rescore']).openapi({
    operationId: 'leads.scores.rescore',
    summary: 'Recompute every lead score of this workspace in the background',
    tag,
    scope: 'leads:write',
    responses: { 202: { description: 'Queued', schema: schemas.queuedJob } },
  })
  router.post('/leads/imports', [ImportsController, 'store']).openapi({
    operationId: 'leads.imports.create',
    summary: 'Import leads from a CSV file (multipart field `file`), merged by e-mail',
    description:
      'multipart/form-data with `file` (CSV, UTF-8, header row, at most 10 MB and 50,000 rows) and optional `source`. The import runs as a job; follow it with GET /v1/leads/imports/{id}.',
    tag,
    scope: 'leads:write',
    responses: {
      202: { description: 'Accepted and queued', schema: schemas.leadImport },
      413: { description: 'The file is larger than 10 MB' },
    },
  })
  router.get('/leads/imports/:id', [ImportsController, 'show']).openapi({
    operationId: 'leads.imports.show',
    summary: 'Progress of a CSV import (rows done, rows failed with reasons)',
    tag,
    scope: 'leads:read',
    params: idParams,
    responses: { 200: { description: 'The import', schema: schemas.leadImport } },
  })
  router.get('/leads/export', [ExportsController, 'export']).openapi({
    operationId: 'leads.leads.export',
    summary: 'Export the leads matching the filters as CSV (streamed)',
    description: 'Answers `text/csv`, one row per lead, the same filters as the list.',
    tag,
    scope: 'leads:read',
    query: exportLeadsValidator,
    responses: { 200: { description: 'CSV file (text/csv)' } },
  })
  router.get('/leads', [LeadsController, 'index']).openapi({
    operationId: 'leads.leads.list',
    summary: 'Leads of this workspace with filters and search, newest (or best scored) first',
    tag,
    scope: 'leads:read',
    query: listLeadsValidator,
    responses: { 200: { description: 'A page of leads', schema: schemas.leadPage } },
  })
  router.post('/leads', [LeadsController, 'store']).openapi({
    operationId: 'leads.leads.create',
    summary: 'Create a lead (scored at once)',
    tag,
    scope: 'leads:write',
    body: createLeadValidator,
    responses: {
      201: { description: 'Created', schema: schemas.lead },
      409: { description: 'A lead with this e-mail exists in the workspace' },
    },
  })
  router.get('/leads/:id', [LeadsController, 'show']).openapi({
    operationId: 'leads.leads.show',
    summary: 'One lead',
    tag,
    scope: 'leads:read',
    params: idParams,
    responses: { 200: { description: 'The lead', schema: schemas.lead } },
  })
  router.patch('/leads/:id', [LeadsController, 'update']).openapi({
    operationId: 'leads.leads.update',
    summary: 'Change a lead (rescored at once)',
    tag,
    scope: 'leads:write',
    params: idParams,
    body: updateLeadValidator,
    responses: {
      200: { description: 'Updated', schema: schemas.lead },
      409: { description: 'Another lead has this e-mail' },
    },
  })
  router.delete('/leads/:id', [LeadsController, 'destroy']).openapi({
    operationId: 'leads.leads.delete',
    summary: 'Delete a lead with its activities and score',
    tag,
    scope: 'leads:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.get('/leads/:id/score', [ScoresController, 'show']).openapi({
    operationId: 'leads.scores.show',
    summary: 'Why a lead has its score: points per rule, fit vs engagement, decay',
    tag,
    scope: 'leads:read',
    params: idParams,
    responses: { 200: { description: 'The explanation', schema: schemas.scoreExplanation } },
  })
  router.get('/leads/:id/activities', [ActivitiesController, 'index']).openapi({
    operationId: 'leads.activities.list',
    summary: 'Activities of a lead, newest first',
    tag,
    scope: 'leads:read',
    params: idParams,
    query: listActivitiesValidator,
    responses: { 200: { description: 'A page of activities', schema: schemas.activityPage } },
  })
  router.post('/leads/:id/activities', [ActivitiesController, 'store']).openapi({
    operationId: 'leads.activities.create',
    summary: 'Record an activity of a lead (the lead is rescored at once)',
    tag,
    scope: 'leads:write',
    params: idParams,
    body: createActivityValidator,
    responses: { 201: { description: 'Created', schema: schemas.activity } },
  })
}
