import router from '@adonisjs/core/services/router'
import { pageQueryValidator, uuidParams } from '#sdk'
import {
  decisionValidator,
  listActivityValidator,
  listInboxValidator,
  listProposalsValidator,
  listRunsValidator,
  patchConfigValidator,
  putConfigValidator,
  triggerRunValidator,
  updateInboxValidator,
} from './validators/autopilot_validator.js'
import { autopilotSchemas as schemas } from './openapi/autopilot_schemas.js'

const ConfigController = () => import('./controllers/autopilot_config_controller.js')
const RunsController = () => import('./controllers/autopilot_runs_controller.js')
const ProposalsController = () => import('./controllers/autopilot_proposals_controller.js')
const InboxController = () => import('./controllers/autopilot_inbox_controller.js')
const ActivityController = () => import('./controllers/autopilot_activity_controller.js')
const ReportsController = () => import('./controllers/autopilot_reports_controller.js')
const DashboardController = () => import('./controllers/autopilot_dashboard_controller.js')
const EmbedController = () => import('./controllers/embed_autopilot_controller.js')

const tag = 'Autopilot'
const read = 'autopilot:read'
const write = 'autopilot:write'
const id = uuidParams()

/**
 * Registers the plugin's routes. The platform mounts them under /v1 and applies
 * the route policy: authentication, the declared `scope`, the tenant
 * transaction and Idempotency-Key replay (no route attaches middleware itself).
 */
export default function registerAutopilotRoutes() {
  router.get('/autopilot/config', [ConfigController, 'show']).openapi({
    operationId: 'autopilot.config.show',
    summary: "The workspace's autopilot configuration (with its AI strategy)",
    tag,
    scope: read,
    responses: { 200: { description: 'The configuration', schema: schemas.config } },
  })
  router.put('/autopilot/config', [ConfigController, 'put']).openapi({
    operationId: 'autopilot.config.put',
    summary: 'Create or replace the configuration (admin); queues its AI strategy',
    tag,
    scope: write,
    body: putConfigValidator,
    responses: {
      200: { description: 'Replaced', schema: schemas.config },
      201: { description: 'Created', schema: schemas.config },
    },
  })
  router.patch('/autopilot/config', [ConfigController, 'patch']).openapi({
    operationId: 'autopilot.config.update',
    summary: 'Change the configuration (admin); is_active false is the kill switch',
    tag,
    scope: write,
    body: patchConfigValidator,
    responses: { 200: { description: 'Updated', schema: schemas.config } },
  })

  router.post('/autopilot/runs', [RunsController, 'store']).openapi({
    operationId: 'autopilot.runs.trigger',
    summary: 'Trigger the daily orchestration or the weekly report now (admin)',
    tag,
    scope: write,
    body: triggerRunValidator,
    responses: { 202: { description: 'Queued', schema: schemas.queuedRun } },
  })
  router.get('/autopilot/runs', [RunsController, 'index']).openapi({
    operationId: 'autopilot.runs.list',
    summary: 'Runs, newest first, with their steps and outcome',
    tag,
    scope: read,
    query: listRunsValidator,
    responses: { 200: { description: 'A page of runs', schema: schemas.runPage } },
  })
  router.get('/autopilot/runs/:id', [RunsController, 'show']).openapi({
    operationId: 'autopilot.runs.show',
    summary: 'One run',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The run', schema: schemas.run } },
  })

  router.get('/autopilot/proposals', [ProposalsController, 'index']).openapi({
    operationId: 'autopilot.proposals.list',
    summary: 'The approval queue: budget proposals, newest first',
    tag,
    scope: read,
    query: listProposalsValidator,
    responses: { 200: { description: 'A page of proposals', schema: schemas.proposalPage } },
  })
  router.get('/autopilot/proposals/:id', [ProposalsController, 'show']).openapi({
    operationId: 'autopilot.proposals.show',
    summary: 'One proposal',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The proposal', schema: schemas.proposal } },
  })
  router.post('/autopilot/proposals/:id/approve', [ProposalsController, 'approve']).openapi({
    operationId: 'autopilot.proposals.approve',
    summary: 'Approve and apply a proposal, exactly once (admin)',
    tag,
    scope: write,
    params: id,
    body: decisionValidator,
    responses: { 200: { description: 'Applied', schema: schemas.proposal } },
  })
  router.post('/autopilot/proposals/:id/reject', [ProposalsController, 'reject']).openapi({
    operationId: 'autopilot.proposals.reject',
    summary: 'Reject a proposal (admin)',
    tag,
    scope: write,
    params: id,
    body: decisionValidator,
    responses: { 200: { description: 'Rejected', schema: schemas.proposal } },
  })

  router.get('/autopilot/inbox', [InboxController, 'index']).openapi({
    operationId: 'autopilot.inbox.list',
    summary: 'The lead inbox, newest first, with priority and suggested action',
    tag,
    scope: read,
    query: listInboxValidator,
    responses: { 200: { description: 'A page of inbox leads', schema: schemas.inboxPage } },
  })
  router.get('/autopilot/inbox/:id', [InboxController, 'show']).openapi({
    operationId: 'autopilot.inbox.show',
    summary: 'One inbox lead',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The inbox lead', schema: schemas.inboxLead } },
  })
  router.patch('/autopilot/inbox/:id', [InboxController, 'update']).openapi({
    operationId: 'autopilot.inbox.update',
    summary: 'Move an inbox lead forward (new → contacted → qualified → converted) or set notes',
    tag,
    scope: write,
    params: id,
    body: updateInboxValidator,
    responses: { 200: { description: 'Updated', schema: schemas.inboxLead } },
  })

  router.get('/autopilot/activity', [ActivityController, 'index']).openapi({
    operationId: 'autopilot.activity.list',
    summary: 'The activity log with before/after numbers, newest first',
    tag,
    scope: read,
    query: listActivityValidator,
    responses: { 200: { description: 'A page of activity', schema: schemas.activityPage } },
  })

  router.get('/autopilot/reports', [ReportsController, 'index']).openapi({
    operationId: 'autopilot.reports.list',
    summary: 'Weekly reports, newest first',
    tag,
    scope: read,
    query: pageQueryValidator,
    responses: { 200: { description: 'A page of reports', schema: schemas.reportPage } },
  })
  router.get('/autopilot/reports/:id', [ReportsController, 'show']).openapi({
    operationId: 'autopilot.reports.show',
    summary: 'One weekly report',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The report', schema: schemas.report } },
  })

  router.get('/autopilot/dashboard', [DashboardController, 'stats']).openapi({
    operationId: 'autopilot.dashboard.show',
    summary: "This week's leads, spend, ROI, pending approvals and applied actions",
    tag,
    scope: read,
    responses: { 200: { description: 'The dashboard numbers', schema: schemas.dashboard } },
  })
  router.get('/autopilot/cron-monitor', [DashboardController, 'cronMonitor']).openapi({
    operationId: 'autopilot.cron_monitor.show',
    summary: 'Each schedule: last run, next run, queued job, last error, failures in a row',
    tag,
    scope: read,
    responses: { 200: { description: 'The schedules', schema: schemas.cronMonitor } },
  })

  registerEmbedRoutes()
}

/**
 * The routes of `<aip-autopilot-inbox>` (`auth: 'embed'`): a publishable key
 * with `autopilot:inbox` from an allowed origin AND an end user's embed
 * session (`autopilot:read` to see, `autopilot:write` to decide). The lists
 * are the admin routes' own handlers; decisions go through the same service.
 */
function registerEmbedRoutes() {
  const capability = 'autopilot:inbox'
  router.get('/embed/autopilot/proposals', [ProposalsController, 'index']).openapi({
    operationId: 'autopilot.embed_proposals.list',
    summary: 'The approval queue for the autopilot inbox widget, newest first',
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope: read,
    query: listProposalsValidator,
    responses: { 200: { description: 'A page of proposals', schema: schemas.proposalPage } },
  })
  router.post('/embed/autopilot/proposals/:id/approve', [EmbedController, 'approve']).openapi({
    operationId: 'autopilot.embed_proposals.approve',
    summary: 'Approve and apply a proposal from the autopilot inbox widget, exactly once',
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope: write,
    params: id,
    body: decisionValidator,
    responses: {
      200: { description: 'Applied', schema: schemas.proposal },
      409: { description: 'The proposal was rejected or superseded' },
    },
  })
  router.post('/embed/autopilot/proposals/:id/reject', [EmbedController, 'reject']).openapi({
    operationId: 'autopilot.embed_proposals.reject',
    summary: 'Reject a proposal from the autopilot inbox widget',
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope: write,
    params: id,
    body: decisionValidator,
    responses: {
      200: { description: 'Rejected', schema: schemas.proposal },
      409: { description: 'The proposal was already applied' },
    },
  })
  router.get('/embed/autopilot/inbox', [InboxController, 'index']).openapi({
    operationId: 'autopilot.embed_inbox.list',
    summary: 'The lead inbox for the autopilot inbox widget, newest first',
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope: read,
    query: listInboxValidator,
    responses: { 200: { description: 'A page of inbox leads', schema: schemas.inboxPage } },
  })
}
