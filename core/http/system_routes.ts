import router from '@adonisjs/core/services/router'
import { systemSchemas } from '#core/openapi/system_schemas'

const HealthController = () => import('#core/http/health_controller')
const OpenApiController = () => import('#core/http/openapi_controller')
const MetricsController = () => import('#core/http/metrics_controller')

/** Health checks and the API description (public). */
export function registerSystemRoutes() {
  router.get('/health/live', [HealthController, 'live']).openapi({
    operationId: 'core.health.live',
    summary: 'Liveness: the process serves HTTP',
    tag: 'System',
    auth: 'none',
    responses: { 200: { description: 'Alive', schema: systemSchemas.health } },
  })
  router.get('/health/ready', [HealthController, 'ready']).openapi({
    operationId: 'core.health.ready',
    summary: 'Readiness: the database answers and the worker runs',
    tag: 'System',
    auth: 'none',
    responses: {
      200: { description: 'Ready', schema: systemSchemas.health },
      503: { description: 'Not ready; `checks` says which part', schema: systemSchemas.health },
    },
  })
  router.get('/v1/openapi.json', [OpenApiController, 'show']).openapi({
    operationId: 'core.openapi.show',
    summary: 'This API description (OpenAPI 3.1)',
    tag: 'System',
    auth: 'none',
    responses: { 200: { description: 'The OpenAPI document', schema: systemSchemas.openapi } },
  })
  router.get('/metrics', [MetricsController, 'show']).openapi({
    operationId: 'core.metrics.show',
    summary: 'Prometheus metrics of this process',
    description:
      'Prometheus text format: HTTP requests, jobs, pools, webhook deliveries, AI calls and cost. ' +
      'Needs `Authorization: Bearer <METRICS_TOKEN>`; answers 404 when METRICS_TOKEN is not set ' +
      '(docs/guide/deploy.md#metrics).',
    tag: 'System',
    auth: 'none',
    responses: {
      200: {
        description: 'The metrics',
        contentType: 'text/plain; version=0.0.4',
        schema: systemSchemas.metrics,
      },
      401: { description: 'Missing or wrong metrics token' },
      404: { description: 'Metrics are not enabled (no METRICS_TOKEN)' },
    },
  })
}
