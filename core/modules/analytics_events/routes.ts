import router from '@adonisjs/core/services/router'
import {
  analyticsEventSchemas,
  ingestEventsDocumentation,
} from './openapi/analytics_event_schemas.js'
import { eventQueryValidator } from './validators/analytics_event_validator.js'

const AnalyticsEventsController = () => import('./controllers/analytics_events_controller.js')

/** Product analytics events: batch ingestion and reading back. */
export default function registerAnalyticsEventRoutes() {
  router.group(() => {
    router.post('/analytics/events', [AnalyticsEventsController, 'store']).openapi({
      operationId: 'core.analytics_events.ingest',
      summary: 'Record up to 1,000 events; invalid ones are reported by index, valid ones stored',
      description:
        'Always 200 when the batch envelope is valid: `accepted` lists the stored events (index and id), `rejected` the refused ones (index and per-field errors). More than 1,000 events, or no `events` array, is a 422. Send an `Idempotency-Key` to retry safely.',
      tag: 'Analytics events',
      scope: 'events:write',
      body: ingestEventsDocumentation,
      responses: {
        200: { description: 'Batch processed', schema: analyticsEventSchemas.ingestResult },
        413: { description: 'Body over 1 MB' },
      },
    })
    router.get('/analytics/events', [AnalyticsEventsController, 'index']).openapi({
      operationId: 'core.analytics_events.list',
      summary: 'Your events (admins: the whole workspace), newest first, with filters',
      tag: 'Analytics events',
      scope: 'events:read',
      query: eventQueryValidator,
      responses: {
        200: { description: 'A page of events', schema: analyticsEventSchemas.eventPage },
      },
    })
  })
}
