import router from '@adonisjs/core/services/router'
import {
  campaign,
  campaignPage,
  ingestResult,
  metricPage,
  monitorPage,
  performanceMetricPage,
  prediction,
  predictionPage,
  queuedJob,
  summary,
  task,
  taskPage,
} from './openapi/campaign_schemas.js'
import {
  createCampaignValidator,
  listCampaignsValidator,
  updateCampaignValidator,
} from './validators/campaign_validator.js'
import {
  createTaskValidator,
  listTasksValidator,
  updateTaskValidator,
} from './validators/task_validator.js'
import {
  ingestMetricsValidator,
  listMetricsValidator,
  summaryQueryValidator,
} from './validators/metric_validator.js'
import {
  performanceQueryValidator,
  runMonitorValidator,
} from './validators/performance_validator.js'
import {
  createPredictionValidator,
  listPredictionsValidator,
} from './validators/prediction_validator.js'
import registerContentRoutes from './routes/content_routes.js'
import { registerEmbedCampaignRoutes } from './routes/embed_routes.js'
import { uuidParams } from '#sdk'

const CampaignsController = () => import('./controllers/campaigns_controller.js')
const TasksController = () => import('./controllers/campaign_tasks_controller.js')
const MetricsController = () => import('./controllers/campaign_metrics_controller.js')
const PerformanceController = () => import('./controllers/campaign_performance_controller.js')
const PredictionsController = () => import('./controllers/campaign_predictions_controller.js')

const tag = 'Campaigns'
const read = 'campaigns:read'
const write = 'campaigns:write'
const id = uuidParams()
const taskIds = uuidParams('id', 'taskId')

/**
 * Registers the plugin's routes. The core mounts them under /v1 behind the
 * tenant and idempotency middleware, so handlers always run in a tenant
 * transaction. Every route carries `.openapi({...})` for the API document.
 */
export default function registerCampaignsRoutes() {
  router.post('/campaigns/performance-runs', [PerformanceController, 'run']).openapi({
    operationId: 'campaigns.performance.run',
    summary: 'Queue a performance measurement (one campaign, or every active one)',
    tag,
    scope: write,
    body: runMonitorValidator,
    responses: { 202: { description: 'Queued', schema: queuedJob } },
  })
  router.get('/campaigns', [CampaignsController, 'index']).openapi({
    operationId: 'campaigns.campaigns.list',
    summary: 'Campaigns of this workspace, newest first, with filters and name search',
    tag,
    scope: read,
    query: listCampaignsValidator,
    responses: { 200: { description: 'A page of campaigns', schema: campaignPage } },
  })
  router.post('/campaigns', [CampaignsController, 'store']).openapi({
    operationId: 'campaigns.campaigns.create',
    summary: 'Create a campaign',
    tag,
    scope: write,
    body: createCampaignValidator,
    responses: { 201: { description: 'Created', schema: campaign } },
  })
  router.get('/campaigns/:id', [CampaignsController, 'show']).openapi({
    operationId: 'campaigns.campaigns.show',
    summary: 'One campaign',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The campaign', schema: campaign } },
  })
  router.patch('/campaigns/:id', [CampaignsController, 'update']).openapi({
    operationId: 'campaigns.campaigns.update',
    summary: 'Update a campaign or move its status (draft → active ⇄ paused → completed)',
    tag,
    scope: write,
    params: id,
    body: updateCampaignValidator,
    responses: { 200: { description: 'Updated', schema: campaign } },
  })
  router.delete('/campaigns/:id', [CampaignsController, 'destroy']).openapi({
    operationId: 'campaigns.campaigns.delete',
    summary: 'Delete a campaign and everything attached to it',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })

  router.get('/campaigns/:id/tasks', [TasksController, 'index']).openapi({
    operationId: 'campaigns.tasks.list',
    summary: 'Tasks of a campaign',
    tag,
    scope: read,
    params: id,
    query: listTasksValidator,
    responses: { 200: { description: 'A page of tasks', schema: taskPage } },
  })
  router.post('/campaigns/:id/tasks', [TasksController, 'store']).openapi({
    operationId: 'campaigns.tasks.create',
    summary: 'Add a task to a campaign',
    tag,
    scope: write,
    params: id,
    body: createTaskValidator,
    responses: { 201: { description: 'Created', schema: task } },
  })
  router.get('/campaigns/:id/tasks/:taskId', [TasksController, 'show']).openapi({
    operationId: 'campaigns.tasks.show',
    summary: 'One task of a campaign',
    tag,
    scope: read,
    params: taskIds,
    responses: { 200: { description: 'The task', schema: task } },
  })
  router.patch('/campaigns/:id/tasks/:taskId', [TasksController, 'update']).openapi({
    operationId: 'campaigns.tasks.update',
    summary: 'Update a task (completed_at follows the status)',
    tag,
    scope: write,
    params: taskIds,
    body: updateTaskValidator,
    responses: { 200: { description: 'Updated', schema: task } },
  })
  router.delete('/campaigns/:id/tasks/:taskId', [TasksController, 'destroy']).openapi({
    operationId: 'campaigns.tasks.delete',
    summary: 'Delete a task',
    tag,
    scope: write,
    params: taskIds,
    responses: { 204: { description: 'Deleted' } },
  })

  router.post('/campaigns/:id/metrics', [MetricsController, 'store']).openapi({
    operationId: 'campaigns.metrics.ingest',
    summary: 'Ingest daily metrics in bulk (idempotent per campaign, type and day)',
    description:
      'Up to 5,000 rows per request, written by one set-based upsert: a row for an existing (metric_type, metric_date) replaces its value, so retrying a batch is safe.',
    tag,
    scope: write,
    params: id,
    body: ingestMetricsValidator,
    responses: { 200: { description: 'Ingested', schema: ingestResult } },
  })
  router.get('/campaigns/:id/metrics', [MetricsController, 'index']).openapi({
    operationId: 'campaigns.metrics.list',
    summary: 'Daily metrics of a campaign, newest day first',
    tag,
    scope: read,
    params: id,
    query: listMetricsValidator,
    responses: { 200: { description: 'A page of metrics', schema: metricPage } },
  })
  router.get('/campaigns/:id/summary', [MetricsController, 'summary']).openapi({
    operationId: 'campaigns.metrics.summary',
    summary: 'Impressions, clicks, conversions, CTR, CPC, CPA and ROI over a range of days',
    tag,
    scope: read,
    params: id,
    query: summaryQueryValidator,
    responses: { 200: { description: 'The summary', schema: summary } },
  })

  router.get('/campaigns/:id/performance', [PerformanceController, 'index']).openapi({
    operationId: 'campaigns.performance.list',
    summary: 'Performance measurements (score and suggestions) of a campaign',
    tag,
    scope: read,
    params: id,
    query: performanceQueryValidator,
    responses: { 200: { description: 'A page of measurements', schema: monitorPage } },
  })
  router.get('/campaigns/:id/performance/metrics', [PerformanceController, 'metrics']).openapi({
    operationId: 'campaigns.performance.metrics',
    summary: 'KPI values recorded by the performance monitor',
    tag,
    scope: read,
    params: id,
    query: performanceQueryValidator,
    responses: { 200: { description: 'A page of KPI values', schema: performanceMetricPage } },
  })

  router.post('/campaigns/:id/predictions', [PredictionsController, 'store']).openapi({
    operationId: 'campaigns.predictions.create',
    summary: 'Forecast a KPI or propose a budget split across channels',
    tag,
    scope: write,
    params: id,
    body: createPredictionValidator,
    responses: { 201: { description: 'Created', schema: prediction } },
  })
  router.get('/campaigns/:id/predictions', [PredictionsController, 'index']).openapi({
    operationId: 'campaigns.predictions.list',
    summary: 'Predictions of a campaign, newest first',
    tag,
    scope: read,
    params: id,
    query: listPredictionsValidator,
    responses: { 200: { description: 'A page of predictions', schema: predictionPage } },
  })
  router.get('/campaigns/:id/predictions/:predictionId', [PredictionsController, 'show']).openapi({
    operationId: 'campaigns.predictions.show',
    summary: 'One prediction (with its outcome once the campaign completed)',
    tag,
    scope: read,
    params: uuidParams('id', 'predictionId'),
    responses: { 200: { description: 'The prediction', schema: prediction } },
  })

  registerContentRoutes()
  registerEmbedCampaignRoutes()
}
