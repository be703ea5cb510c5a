import router from '@adonisjs/core/services/router'
import { uuidParams } from '#sdk'
import { strategySchemas as schemas } from './openapi/strategy_schemas.js'
import * as v from './validators/strategy_validator.js'

const PositioningController = () => import('./controllers/positioning_controller.js')
const FunnelsController = () => import('./controllers/funnels_controller.js')
const KpiFrameworksController = () => import('./controllers/kpi_frameworks_controller.js')
const KeywordResearchController = () => import('./controllers/keyword_research_controller.js')
const CopilotSessionsController = () => import('./controllers/copilot_sessions_controller.js')
const CompetitiveGapsController = () => import('./controllers/competitive_gaps_controller.js')

const tag = 'Strategy'
const read = 'strategy:read'
const write = 'strategy:write'
const id = uuidParams()

/**
 * Registers the plugin's routes. The platform mounts them under /v1 and
 * applies the route policy (authentication, scope, tenant transaction,
 * Idempotency-Key replay). Every route carries `.openapi({...})`.
 */
export default function registerStrategyRoutes() {
  // Positioning (3Cs)
  router.get('/strategy/positioning', [PositioningController, 'index']).openapi({
    operationId: 'strategy.positioning.list',
    summary: 'Positioning analyses, newest first',
    tag,
    scope: read,
    query: v.listValidator,
    responses: { 200: { description: 'A page of analyses', schema: schemas.positioningPage } },
  })
  router.post('/strategy/positioning', [PositioningController, 'store']).openapi({
    operationId: 'strategy.positioning.create',
    summary: 'Generate a positioning (3Cs) from the request and the workspace data',
    tag,
    scope: write,
    body: v.createPositioningValidator,
    responses: { 201: { description: 'Generated (version 1)', schema: schemas.positioning } },
  })
  router.get('/strategy/positioning/active', [PositioningController, 'active']).openapi({
    operationId: 'strategy.positioning.active',
    summary: 'The active positioning of the workspace',
    tag,
    scope: read,
    responses: { 200: { description: 'The active positioning', schema: schemas.positioning } },
  })
  router.get('/strategy/positioning/:id', [PositioningController, 'show']).openapi({
    operationId: 'strategy.positioning.show',
    summary: 'One positioning analysis',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The analysis', schema: schemas.positioning } },
  })
  router.patch('/strategy/positioning/:id', [PositioningController, 'update']).openapi({
    operationId: 'strategy.positioning.update',
    summary: 'Edit sections of a positioning (a new version)',
    tag,
    scope: write,
    params: id,
    body: v.editPositioningValidator,
    responses: { 200: { description: 'Edited', schema: schemas.positioning } },
  })
  router
    .post('/strategy/positioning/:id/regenerate', [PositioningController, 'regenerate'])
    .openapi({
      operationId: 'strategy.positioning.regenerate',
      summary: 'Generate a positioning again from its input (a new version)',
      tag,
      scope: write,
      params: id,
      body: v.regenerateValidator,
      responses: { 200: { description: 'Regenerated', schema: schemas.positioning } },
    })
  router.post('/strategy/positioning/:id/activate', [PositioningController, 'activate']).openapi({
    operationId: 'strategy.positioning.activate',
    summary: 'Make a positioning the active one of the workspace',
    tag,
    scope: write,
    params: id,
    responses: { 200: { description: 'Activated', schema: schemas.positioning } },
  })
  router.get('/strategy/positioning/:id/versions', [PositioningController, 'versions']).openapi({
    operationId: 'strategy.positioning.versions',
    summary: 'Versions of a positioning, oldest first',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The versions', schema: schemas.versions } },
  })
  router.get('/strategy/positioning/:id/diff', [PositioningController, 'diff']).openapi({
    operationId: 'strategy.positioning.diff',
    summary: 'Differences between two versions of a positioning',
    tag,
    scope: read,
    params: id,
    query: v.diffValidator,
    responses: { 200: { description: 'The changes', schema: schemas.diff } },
  })
  router.delete('/strategy/positioning/:id', [PositioningController, 'destroy']).openapi({
    operationId: 'strategy.positioning.delete',
    summary: 'Delete a positioning and its versions',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })

  // Funnels
  router.get('/strategy/funnels', [FunnelsController, 'index']).openapi({
    operationId: 'strategy.funnels.list',
    summary: 'Funnel designs, newest first',
    tag,
    scope: read,
    query: v.listValidator,
    responses: { 200: { description: 'A page of funnels', schema: schemas.funnelPage } },
  })
  router.post('/strategy/funnels', [FunnelsController, 'store']).openapi({
    operationId: 'strategy.funnels.create',
    summary: 'Design a funnel from the workspace data (assumptions marked)',
    tag,
    scope: write,
    body: v.createFunnelValidator,
    responses: { 201: { description: 'Designed (version 1)', schema: schemas.funnel } },
  })
  router.get('/strategy/funnels/:id', [FunnelsController, 'show']).openapi({
    operationId: 'strategy.funnels.show',
    summary: 'One funnel design',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The funnel', schema: schemas.funnel } },
  })
  router.patch('/strategy/funnels/:id', [FunnelsController, 'update']).openapi({
    operationId: 'strategy.funnels.update',
    summary: "Change a funnel's input and design it again (a new version)",
    tag,
    scope: write,
    params: id,
    body: v.editFunnelValidator,
    responses: { 200: { description: 'Edited', schema: schemas.funnel } },
  })
  router.post('/strategy/funnels/:id/what-if', [FunnelsController, 'whatIf']).openapi({
    operationId: 'strategy.funnels.what_if',
    summary: "Change one stage's rate and see the outcome (nothing stored)",
    tag,
    scope: read,
    params: id,
    body: v.whatIfValidator,
    responses: { 200: { description: 'The scenario', schema: schemas.whatIf } },
  })
  router.get('/strategy/funnels/:id/versions', [FunnelsController, 'versions']).openapi({
    operationId: 'strategy.funnels.versions',
    summary: 'Versions of a funnel, oldest first',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The versions', schema: schemas.versions } },
  })
  router.get('/strategy/funnels/:id/diff', [FunnelsController, 'diff']).openapi({
    operationId: 'strategy.funnels.diff',
    summary: 'Differences between two versions of a funnel',
    tag,
    scope: read,
    params: id,
    query: v.diffValidator,
    responses: { 200: { description: 'The changes', schema: schemas.diff } },
  })
  router.delete('/strategy/funnels/:id', [FunnelsController, 'destroy']).openapi({
    operationId: 'strategy.funnels.delete',
    summary: 'Delete a funnel and its versions',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })

  // KPI frameworks
  router.get('/strategy/kpi-catalogue', [KpiFrameworksController, 'catalogue']).openapi({
    operationId: 'strategy.kpi_catalogue.show',
    summary: 'The metrics a KPI can be bound to, and the AARRR and HEART presets',
    tag,
    scope: read,
    responses: { 200: { description: 'The catalogue', schema: schemas.catalogue } },
  })
  router.get('/strategy/kpi-frameworks', [KpiFrameworksController, 'index']).openapi({
    operationId: 'strategy.kpi_frameworks.list',
    summary: 'KPI frameworks, newest first',
    tag,
    scope: read,
    query: v.listValidator,
    responses: { 200: { description: 'A page of frameworks', schema: schemas.kpiFrameworkPage } },
  })
  router.post('/strategy/kpi-frameworks', [KpiFrameworksController, 'store']).openapi({
    operationId: 'strategy.kpi_frameworks.create',
    summary: 'Create a KPI framework bound to the metric catalogue',
    tag,
    scope: write,
    body: v.createKpiFrameworkValidator,
    responses: { 201: { description: 'Created (version 1)', schema: schemas.kpiFramework } },
  })
  router.get('/strategy/kpi-frameworks/:id', [KpiFrameworksController, 'show']).openapi({
    operationId: 'strategy.kpi_frameworks.show',
    summary: 'One KPI framework',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The framework', schema: schemas.kpiFramework } },
  })
  router.patch('/strategy/kpi-frameworks/:id', [KpiFrameworksController, 'update']).openapi({
    operationId: 'strategy.kpi_frameworks.update',
    summary: 'Add or change KPIs (a new version), rename, (de)activate',
    tag,
    scope: write,
    params: id,
    body: v.editKpiFrameworkValidator,
    responses: { 200: { description: 'Edited', schema: schemas.kpiFramework } },
  })
  router
    .get('/strategy/kpi-frameworks/:id/evaluation', [KpiFrameworksController, 'evaluation'])
    .openapi({
      operationId: 'strategy.kpi_frameworks.evaluate',
      summary: 'Current value of every KPI over a period',
      tag,
      scope: read,
      params: id,
      query: v.evaluationValidator,
      responses: { 200: { description: 'The evaluation', schema: schemas.evaluation } },
    })
  router
    .get('/strategy/kpi-frameworks/:id/versions', [KpiFrameworksController, 'versions'])
    .openapi({
      operationId: 'strategy.kpi_frameworks.versions',
      summary: 'Versions of a KPI framework, oldest first',
      tag,
      scope: read,
      params: id,
      responses: { 200: { description: 'The versions', schema: schemas.versions } },
    })
  router.get('/strategy/kpi-frameworks/:id/diff', [KpiFrameworksController, 'diff']).openapi({
    operationId: 'strategy.kpi_frameworks.diff',
    summary: 'Differences between two versions of a KPI framework',
    tag,
    scope: read,
    params: id,
    query: v.diffValidator,
    responses: { 200: { description: 'The changes', schema: schemas.diff } },
  })
  router.delete('/strategy/kpi-frameworks/:id', [KpiFrameworksController, 'destroy']).openapi({
    operationId: 'strategy.kpi_frameworks.delete',
    summary: 'Delete a KPI framework and its versions',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })

  // Keyword research
  router.get('/strategy/keyword-research', [KeywordResearchController, 'index']).openapi({
    operationId: 'strategy.keyword_research.list',
    summary: 'Keyword research, newest first',
    tag,
    scope: read,
    query: v.listValidator,
    responses: { 200: { description: 'A page of research', schema: schemas.keywordResearchPage } },
  })
  router.post('/strategy/keyword-research', [KeywordResearchController, 'store']).openapi({
    operationId: 'strategy.keyword_research.create',
    summary: "Research keywords in the workspace's own text (TF-IDF, intent, clusters)",
    tag,
    scope: write,
    body: v.createKeywordResearchValidator,
    responses: { 201: { description: 'Researched', schema: schemas.keywordResearch } },
  })
  router.get('/strategy/keyword-research/:id', [KeywordResearchController, 'show']).openapi({
    operationId: 'strategy.keyword_research.show',
    summary: 'One keyword research',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The research', schema: schemas.keywordResearch } },
  })
  router
    .post('/strategy/keyword-research/:id/volumes', [KeywordResearchController, 'volumes'])
    .openapi({
      operationId: 'strategy.keyword_research.volumes',
      summary:
        "Fetch the research's search volumes again from the configured provider (DataForSEO)",
      tag,
      scope: write,
      params: id,
      responses: {
        202: {
          description: 'Queued: `sources.volumes.status` is `pending` until the job has run',
          schema: schemas.keywordResearch,
        },
      },
    })
  router.delete('/strategy/keyword-research/:id', [KeywordResearchController, 'destroy']).openapi({
    operationId: 'strategy.keyword_research.delete',
    summary: 'Delete a keyword research',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })

  // Competitive gaps
  router.get('/strategy/competitive-gaps', [CompetitiveGapsController, 'index']).openapi({
    operationId: 'strategy.competitive_gaps.list',
    summary: 'Competitive gap analyses, newest first',
    tag,
    scope: read,
    query: v.listValidator,
    responses: { 200: { description: 'A page of analyses', schema: schemas.competitiveGapPage } },
  })
  router.post('/strategy/competitive-gaps', [CompetitiveGapsController, 'store']).openapi({
    operationId: 'strategy.competitive_gaps.create',
    summary:
      'Analyse competitor pages (fetched by a job through the SSRF guard) against our material',
    description:
      'Each URL must be http(s) and reach a public address unless WEBHOOK_ALLOWED_PRIVATE_TARGETS allows it. The pages are fetched by a job; the analysis is `fetching` until then.',
    tag,
    scope: write,
    body: v.createCompetitiveGapValidator,
    responses: { 202: { description: 'Queued', schema: schemas.competitiveGap } },
  })
  router.get('/strategy/competitive-gaps/:id', [CompetitiveGapsController, 'show']).openapi({
    operationId: 'strategy.competitive_gaps.show',
    summary: 'One competitive gap analysis',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The analysis', schema: schemas.competitiveGap } },
  })
  router
    .get('/strategy/competitive-gaps/:id/snapshots', [CompetitiveGapsController, 'snapshots'])
    .openapi({
      operationId: 'strategy.competitive_gaps.snapshots',
      summary: 'Fetched competitor pages of an analysis (text, hash, changes), newest first',
      tag,
      scope: read,
      params: id,
      responses: { 200: { description: 'The snapshots', schema: schemas.snapshots } },
    })
  router
    .post('/strategy/competitive-gaps/:id/refresh', [CompetitiveGapsController, 'refresh'])
    .openapi({
      operationId: 'strategy.competitive_gaps.refresh',
      summary: 'Fetch the competitor pages again and record what changed',
      tag,
      scope: write,
      params: id,
      responses: { 202: { description: 'Queued', schema: schemas.competitiveGap } },
    })
  router.delete('/strategy/competitive-gaps/:id', [CompetitiveGapsController, 'destroy']).openapi({
    operationId: 'strategy.competitive_gaps.delete',
    summary: 'Delete a competitive gap analysis and its snapshots',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })

  // Campaign copilot
  router.get('/strategy/copilot/sessions', [CopilotSessionsController, 'index']).openapi({
    operationId: 'strategy.copilot_sessions.list',
    summary: "The caller's copilot sessions, newest first",
    tag,
    scope: read,
    query: v.listValidator,
    responses: { 200: { description: 'A page of sessions', schema: schemas.copilotSessionPage } },
  })
  router.post('/strategy/copilot/sessions', [CopilotSessionsController, 'store']).openapi({
    operationId: 'strategy.copilot_sessions.create',
    summary: 'Start a session: a brief becomes a campaign plan',
    tag,
    scope: write,
    body: v.createCopilotSessionValidator,
    responses: { 201: { description: 'Started', schema: schemas.copilotSession } },
  })
  router.get('/strategy/copilot/sessions/:id', [CopilotSessionsController, 'show']).openapi({
    operationId: 'strategy.copilot_sessions.show',
    summary: 'One copilot session',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The session', schema: schemas.copilotSession } },
  })
  router
    .post('/strategy/copilot/sessions/:id/regenerate', [CopilotSessionsController, 'regenerate'])
    .openapi({
      operationId: 'strategy.copilot_sessions.regenerate',
      summary: 'Plan again from the brief, with what the workspace taught',
      tag,
      scope: write,
      params: id,
      responses: { 200: { description: 'Regenerated', schema: schemas.copilotSession } },
    })
  router
    .post('/strategy/copilot/sessions/:id/feedback', [CopilotSessionsController, 'feedback'])
    .openapi({
      operationId: 'strategy.copilot_sessions.feedback',
      summary: 'Rate or edit a section of the plan',
      tag,
      scope: write,
      params: id,
      body: v.copilotFeedbackValidator,
      responses: { 200: { description: 'Recorded', schema: schemas.copilotSession } },
    })
  router.post('/strategy/copilot/sessions/:id/save', [CopilotSessionsController, 'save']).openapi({
    operationId: 'strategy.copilot_sessions.save',
    summary: 'Save the plan as a draft campaign with its tasks (atomic)',
    tag,
    scope: write,
    params: id,
    body: v.saveCopilotSessionValidator,
    responses: { 201: { description: 'Saved', schema: schemas.saved } },
  })
}
