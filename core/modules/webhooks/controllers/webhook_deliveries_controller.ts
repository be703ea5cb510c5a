import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, tenant, requireCurrentRole, idParam } from '#sdk'
import { deliveryParams, deliveryQueryValidator } from '../validators/webhook_validator.js'

/** A delivery with its event type and every attempt, oldest first (aliases d, e). */
const DELIVERY_SELECT = `d.id, d.workspace_id, d.webhook_id, d.event_id, e.event_type, d.status,
  d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.completed_at, d.redelivery_of,
  d.created_at,
  coalesce((
    select json_agg(json_build_object(
      'attempt_number', a.attempt_number, 'succeeded', a.succeeded, 'status_code', a.status_code,
      'duration_ms', a.duration_ms, 'error', a.error, 'response_excerpt', a.response_excerpt,
      'created_at', a.created_at) order by a.attempt_number)
    from webhook_delivery_attempts a
    where a.workspace_id = d.workspace_id and a.delivery_id = d.id
  ), '[]'::json) as attempt_log`

/** Deliveries of the current workspace, each with its event type and attempt log (aliases d, e). */
export function deliveries() {
  const { trx, workspaceId } = tenant()
  return trx
    .from('webhook_deliveries as d')
    .join('webhook_events as e', (join) => {
      join.on('e.workspace_id', 'd.workspace_id').andOn('e.id', 'd.event_id')
    })
    .select(trx.raw(DELIVERY_SELECT))
    .where('d.workspace_id', workspaceId!)
}

async function webhookExists(id: string) {
  const { trx, workspaceId } = tenant()
  const webhook = await trx
    .from('webhooks')
    .select('id', 'is_active')
    .where({ id, workspace_id: workspaceId! })
    .first()
  if (!webhook) throw Problem.notFound('Webhook')
  return webhook
}

async function validDeliveryParams(params: Record<string, unknown>) {
  const [error, value] = await deliveryParams.tryValidate({
    id: params.id,
    deliveryId: params.deliveryId,
  })
  if (error) throw Problem.notFound('Delivery')
  return value
}

/**
 * The delivery log of a webhook (each delivery with every HTTP attempt:
 * status code, duration, error, response excerpt, time) and manual redelivery.
 */
export default class WebhookDeliveriesController {
  async index({ params, request }: HttpContext) {
    const id = idParam(params)
    const query = await deliveryQueryValidator.validate(request.qs())
    await webhookExists(id)
    const builder = deliveries().where('d.webhook_id', id)
    if (query.status) builder.where('d.status', query.status)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys: [
        { column: 'd.created_at', cast: 'timestamptz' },
        { column: 'd.id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }

  async show({ params }: HttpContext) {
    const { id, deliveryId } = await validDeliveryParams(params)
    const delivery = await deliveries().where({ 'd.webhook_id': id, 'd.id': deliveryId }).first()
    if (!delivery) throw Problem.notFound('Delivery')
    return delivery
  }

  /**
   * Delivers the same event again as a new delivery (same `webhook-id`, so
   * receivers that already processed it can recognise it), with fresh attempts.
   */
  async redeliver({ params, response }: HttpContext) {
    const { id, deliveryId } = await validDeliveryParams(params)
    requireCurrentRole('admin')
    const webhook = await webhookExists(id)
    const original = await deliveries().where({ 'd.webhook_id': id, 'd.id': deliveryId }).first()
    if (!original) throw Problem.notFound('Delivery')
    if (!webhook.is_active) {
      throw Problem.conflict('The webhook is disabled: enable it (PATCH is_active) first')
    }
    const { trx, workspaceId } = tenant()
    const [created] = await trx
      .insertQuery()
      .table('webhook_deliveries')
      .insert({
        workspace_id: workspaceId,
        webhook_id: id,
        event_id: original.event_id,
        redelivery_of: original.id,
      })
      .returning('id')
    response.status(202)
    return deliveries().where('d.id', created.id).first()
  }
}
