import type { HttpContext } from '@adonisjs/core/http'
import {
  platformConfig as platform,
  rawQuery,
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  requireCurrentRole,
  ALL_EVENTS,
  webhookEventCatalogue,
  checkWebhookTarget,
  publishEvent,
  pageQueryValidator,
  idParam,
} from '#sdk'
import { newWebhookSecret, sealWebhookSecret } from '../services/webhook_secret.js'
import { createWebhookValidator, updateWebhookValidator } from '../validators/webhook_validator.js'
import { deliveries } from './webhook_deliveries_controller.js'
import { webhookResource } from '../services/webhook_resource.js'

/** Loads a webhook of the current workspace, or answers 404 (also across tenants). */
export async function findWebhook(id: string) {
  const { trx, workspaceId } = tenant()
  const webhook = await webhookResource.query(trx).where({ id, workspace_id: workspaceId! }).first()
  if (!webhook) throw Problem.notFound('Webhook')
  return webhook
}

/** 422 unless every type is in the catalogue (or `*`). */
async function checkEvents(events: string[]) {
  const catalogue = await webhookEventCatalogue()
  const index = events.findIndex((type) => type !== ALL_EVENTS && !catalogue.has(type))
  if (index >= 0) {
    throw Problem.invalidField(
      `events.${index}`,
      `Unknown event type "${events[index]}": see GET /v1/webhooks/event-types`,
      'event_type'
    )
  }
}

/** 422 unless the URL is http(s) and its host is a target webhooks may call. */
async function checkUrl(url: string) {
  const verdict = await checkWebhookTarget(url)
  if (verdict) throw Problem.invalidField('url', verdict, 'webhook_target')
}

/**
 * Outgoing webhooks of the workspace: members read them, admins create,
 * change, delete, rotate secrets and ping. The signing secret is shown only at
 * creation and rotation, and is stored sealed.
 */
export default class WebhooksController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    return keysetPage(webhookResource.query(trx).where('workspace_id', workspaceId!), {
      ...query,
      ...NEWEST_FIRST,
    })
  }

  async store({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(createWebhookValidator)
    await checkEvents(input.events)
    await checkUrl(input.url)
    const { trx, workspaceId, userId } = tenant()
    const secret = newWebhookSecret()
    const [webhook] = await trx
      .insertQuery()
      .table('webhooks')
      .insert({
        workspace_id: workspaceId,
        user_id: userId,
        name: input.name,
        url: input.url,
        events: input.events,
        is_active: input.is_active ?? true,
        secret_token: sealWebhookSecret(secret),
      })
      .returning([...webhookResource.columns])
    response.status(201)
    return { webhook, secret }
  }

  async show({ params }: HttpContext) {
    const id = idParam(params)
    return findWebhook(id)
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params)
    requireCurrentRole('admin')
    const input = await request.validateUsing(updateWebhookValidator)
    const current = await findWebhook(id)
    if (input.events) await checkEvents(input.events)
    if (input.url !== undefined) await checkUrl(input.url)
    const changes: Record<string, unknown> = {}
    if (input.name !== undefined) changes.name = input.name
    if (input.url !== undefined) changes.url = input.url
    if (input.events !== undefined) changes.events = input.events
    if (input.is_active === true && !current.is_active) {
      Object.assign(changes, {
        is_active: true,
        consecutive_failures: 0,
        retry_count: 0,
        disabled_at: null,
        disabled_reason: null,
      })
    } else if (input.is_active === false && current.is_active) {
      Object.assign(changes, {
        is_active: false,
        disabled_at: new Date(),
        disabled_reason: 'Disabled by a user',
      })
    }
    if (!Object.keys(changes).length) return current
    const [webhook] = await tenant()
      .trx.from('webhooks')
      .where({ id, workspace_id: tenant().workspaceId! })
      .update(changes)
      .returning([...webhookResource.columns])
    return webhook
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params)
    requireCurrentRole('admin')
    await findWebhook(id)
    await tenant().trx.from('webhooks').where({ id, workspace_id: tenant().workspaceId! }).delete()
    response.status(204)
  }

  /**
   * Replaces the signing secret; the new one is returned once and signs from
   * the next attempt on. The previous one adds a second signature during the
   * grace period (WEBHOOK_SECRET_GRACE_HOURS), so receivers switch without loss.
   */
  async rotateSecret({ params }: HttpContext) {
    const id = idParam(params)
    requireCurrentRole('admin')
    await findWebhook(id)
    const secret = newWebhookSecret()
    const graceSeconds = Math.max(0, Math.round(platform.webhooks.secretGraceHours * 3600))
    const rotated = await rawQuery(
      tenant().trx,
      'select app.rotate_webhook_secret(?::uuid, ?, ?::int) as rotated',
      [id, sealWebhookSecret(secret), graceSeconds]
    )
    // The function answers false when it changed nothing: never hand out a secret that signs nothing.
    if (!rotated.rows[0].rotated) throw Problem.notFound('Webhook')
    return { webhook: await findWebhook(id), secret }
  }

  /** Sends a `webhook.ping` event to this webhook only; answers with its delivery. */
  async ping({ params, response }: HttpContext) {
    const id = idParam(params)
    requireCurrentRole('admin')
    const webhook = await findWebhook(id)
    if (!webhook.is_active) {
      throw Problem.conflict('The webhook is disabled: enable it (PATCH is_active) first')
    }
    const eventId = await publishEvent(
      'webhook.ping',
      { webhook_id: id, message: 'Ping from Action Insight Pilot' },
      { webhookId: id }
    )
    const delivery = await deliveries().where('d.event_id', eventId).first()
    response.status(202)
    return delivery
  }

  /** The catalogue of event types webhooks can subscribe to. */
  async eventTypes() {
    const catalogue = await webhookEventCatalogue()
    return {
      data: [...catalogue.values()].sort((a, b) => a.type.localeCompare(b.type)),
    }
  }
}
