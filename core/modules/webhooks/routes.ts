import router from '@adonisjs/core/services/router'
import { webhookSchemas } from './openapi/webhook_schemas.js'
import { pageQueryValidator, uuidParams } from '#sdk'
import {
  createWebhookValidator,
  deliveryQueryValidator,
  updateWebhookValidator,
} from './validators/webhook_validator.js'

const WebhooksController = () => import('./controllers/webhooks_controller.js')
const DeliveriesController = () => import('./controllers/webhook_deliveries_controller.js')

const idParams = uuidParams()
const deliveryParams = uuidParams('id', 'deliveryId')
const tag = 'Webhooks'

/** Outgoing webhooks: CRUD, secret rotation, ping, delivery log, redelivery, event catalogue. */
export default function registerWebhookRoutes() {
  router.group(() => {
    router.get('/webhooks/event-types', [WebhooksController, 'eventTypes']).openapi({
      operationId: 'core.webhooks.event_types',
      summary: 'Event types webhooks can subscribe to (core and enabled plugins)',
      tag,
      scope: 'webhooks:read',
      responses: { 200: { description: 'The catalogue', schema: webhookSchemas.eventTypes } },
    })
    router.get('/webhooks', [WebhooksController, 'index']).openapi({
      operationId: 'core.webhooks.list',
      summary: "The workspace's webhooks",
      tag,
      scope: 'webhooks:read',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of webhooks', schema: webhookSchemas.webhookPage },
      },
    })
    router.post('/webhooks', [WebhooksController, 'store']).openapi({
      operationId: 'core.webhooks.create',
      summary: 'Create a webhook (admins); returns its signing secret once',
      description:
        'The URL must be http(s) and reach a public address unless WEBHOOK_ALLOWED_PRIVATE_TARGETS allows it.',
      tag,
      scope: 'webhooks:write',
      body: createWebhookValidator,
      responses: {
        201: { description: 'Created', schema: webhookSchemas.createdWebhook },
        403: { description: 'Not an admin' },
      },
    })
    router.get('/webhooks/:id', [WebhooksController, 'show']).openapi({
      operationId: 'core.webhooks.show',
      summary: 'One webhook (without its secret)',
      tag,
      scope: 'webhooks:read',
      params: idParams,
      responses: { 200: { description: 'The webhook', schema: webhookSchemas.webhook } },
    })
    router.patch('/webhooks/:id', [WebhooksController, 'update']).openapi({
      operationId: 'core.webhooks.update',
      summary: 'Change a webhook (admins); is_active true re-enables it and resets its failures',
      tag,
      scope: 'webhooks:write',
      params: idParams,
      body: updateWebhookValidator,
      responses: {
        200: { description: 'Updated', schema: webhookSchemas.webhook },
        403: { description: 'Not an admin' },
      },
    })
    router.delete('/webhooks/:id', [WebhooksController, 'destroy']).openapi({
      operationId: 'core.webhooks.delete',
      summary: 'Delete a webhook and its delivery log (admins)',
      tag,
      scope: 'webhooks:write',
      params: idParams,
      responses: { 204: { description: 'Deleted' }, 403: { description: 'Not an admin' } },
    })
    router.post('/webhooks/:id/rotate-secret', [WebhooksController, 'rotateSecret']).openapi({
      operationId: 'core.webhooks.rotate_secret',
      summary: 'Replace the signing secret (admins); returns the new one once',
      tag,
      scope: 'webhooks:write',
      params: idParams,
      responses: {
        200: { description: 'Rotated', schema: webhookSchemas.createdWebhook },
        403: { description: 'Not an admin' },
      },
    })
    router.post('/webhooks/:id/ping', [WebhooksController, 'ping']).openapi({
      operationId: 'core.webhooks.ping',
      summary: 'Send a webhook.ping event to this webhook (admins)',
      tag,
      scope: 'webhooks:write',
      params: idParams,
      responses: {
        202: { description: 'Queued: the delivery', schema: webhookSchemas.delivery },
        403: { description: 'Not an admin' },
        409: { description: 'The webhook is disabled' },
      },
    })
    router.get('/webhooks/:id/deliveries', [DeliveriesController, 'index']).openapi({
      operationId: 'core.webhook_deliveries.list',
      summary: 'Delivery log of a webhook, newest first, each with every attempt',
      tag,
      scope: 'webhooks:read',
      params: idParams,
      query: deliveryQueryValidator,
      responses: {
        200: { description: 'A page of deliveries', schema: webhookSchemas.deliveryPage },
      },
    })
    router.get('/webhooks/:id/deliveries/:deliveryId', [DeliveriesController, 'show']).openapi({
      operationId: 'core.webhook_deliveries.show',
      summary: 'One delivery with every attempt',
      tag,
      scope: 'webhooks:read',
      params: deliveryParams,
      responses: { 200: { description: 'The delivery', schema: webhookSchemas.delivery } },
    })
    router
      .post('/webhooks/:id/deliveries/:deliveryId/redeliver', [DeliveriesController, 'redeliver'])
      .openapi({
        operationId: 'core.webhook_deliveries.redeliver',
        summary: 'Deliver the same event again, as a new delivery (admins)',
        tag,
        scope: 'webhooks:write',
        params: deliveryParams,
        responses: {
          202: { description: 'Queued: the new delivery', schema: webhookSchemas.delivery },
          403: { description: 'Not an admin' },
          409: { description: 'The webhook is disabled' },
        },
      })
  })
}
