import { randomInt } from 'node:crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  platformConfig as platform,
  type WebhookSettings,
  withService,
  rawQuery,
  enqueue,
  webhookDeliveries,
} from '#sdk'
import { openWebhookSecret, signWebhook } from './webhook_secret.js'
import { sendWebhook, type SendResult } from './webhook_sender.js'

/**
 * Delay before the next attempt after `attempt` failed ones: exponential
 * (base × 2^(attempt-1)), capped, with "equal jitter" (half fixed, half random)
 * so that many failing deliveries do not retry in lockstep.
 */
export function retryDelayMs(
  attempt: number,
  settings: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxDelayMs'>,
  random: () => number = () => randomInt(0, 1_000_000) / 1_000_000
): number {
  const exponential = Math.min(
    settings.retryMaxDelayMs,
    settings.retryBaseMs * 2 ** Math.min(attempt - 1, 30)
  )
  return Math.round(exponential / 2 + (exponential / 2) * random())
}

/** The JSON body of a delivery (Standard Webhooks payload shape). */
export function webhookBody(event: {
  event_type: string
  created_at: Date | string
  payload: Record<string, unknown>
  workspace_id: string
}) {
  return JSON.stringify({
    type: event.event_type,
    timestamp: new Date(event.created_at).toISOString(),
    workspace_id: event.workspace_id,
    data: event.payload,
  })
}

interface DeliveryRow {
  id: string
  workspace_id: string
  webhook_id: string
  event_id: string
  status: string
  attempts: number
  url: string
  secret_token: string | null
  /** The secret before the last rotation, while its grace period lasts. */
  previous_secret_token: string | null
  is_active: boolean
  event_type: string
  payload: Record<string, unknown>
  event_created_at: Date
}

const LOAD_SQL = `select d.id, d.workspace_id, d.webhook_id, d.event_id, d.status, d.attempts,
    w.url, w.secret_token, w.is_active,
    case when w.previous_secret_expires_at > now() then w.previous_secret_token end as previous_secret_token, e.event_type, e.payload, e.created_at as event_created_at
  from webhook_deliveries d
  join webhooks w on w.workspace_id = d.workspace_id and w.id = d.webhook_id
  join webhook_events e on e.workspace_id = d.workspace_id and e.id = d.event_id
  where d.id = ?`

/**
 * Makes the next HTTP attempt of a delivery and records it: the attempt row,
 * the delivery's state, the webhook's counters, and either the next attempt's
 * job (backoff), the final failure, or the auto-disable of the webhook. The
 * HTTP call happens outside any database transaction. Idempotent: finished
 * deliveries and attempts already recorded are skipped.
 */
export async function attemptDelivery(deliveryId: string, settings = platform.webhooks) {
  const delivery = await withService(async ({ trx }) => {
    const result = await rawQuery<DeliveryRow>(trx, LOAD_SQL, [deliveryId])
    const row = result.rows[0]
    if (!row || row.status !== 'pending') return null
    if (!row.is_active) {
      await trx.from('webhook_deliveries').where({ id: row.id, status: 'pending' }).update({
        status: 'cancelled',
        last_error: 'The webhook is disabled',
        completed_at: new Date(),
        next_attempt_at: null,
      })
      return null
    }
    return row
  })
  if (!delivery) return

  const result = await send(delivery, settings)
  const recorded = await withService(({ trx }) => record(trx, delivery, result, settings))
  if (recorded) {
    const final = delivery.attempts + 1 >= settings.maxAttempts
    webhookDeliveries.inc({
      outcome: result.succeeded ? 'succeeded' : final ? 'failed' : 'retrying',
    })
  }
}

async function send(delivery: DeliveryRow, settings: WebhookSettings): Promise<SendResult> {
  let secrets: string[]
  try {
    secrets = [delivery.secret_token, delivery.previous_secret_token]
      .filter((sealed): sealed is string => !!sealed)
      .map((sealed) => openWebhookSecret(sealed))
    if (!secrets.length) throw new Error('no secret')
  } catch {
    return {
      succeeded: false,
      statusCode: null,
      durationMs: 0,
      error: 'The signing secret cannot be opened (APP_KEY changed?): rotate the secret',
      responseExcerpt: null,
    }
  }
  const body = webhookBody({
    event_type: delivery.event_type,
    created_at: delivery.event_created_at,
    payload: delivery.payload,
    workspace_id: delivery.workspace_id,
  })
  const timestamp = Math.floor(Date.now() / 1000)
  return sendWebhook({
    url: delivery.url,
    body,
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    headers: {
      'webhook-id': delivery.event_id,
      'webhook-timestamp': String(timestamp),
      // Standard Webhooks: several space-separated signatures, any of which may verify.
      'webhook-signature': secrets
        .map((secret) => signWebhook(secret, delivery.event_id, timestamp, body))
        .join(' '),
    },
  })
}

async function record(
  trx: TransactionClientContract,
  delivery: DeliveryRow,
  result: SendResult,
  settings: WebhookSettings
): Promise<boolean> {
  const attempt = delivery.attempts + 1
  const now = new Date()
  const final = result.succeeded || attempt >= settings.maxAttempts
  const delay = final ? 0 : retryDelayMs(attempt, settings)
  const nextAttemptAt = final ? null : new Date(now.getTime() + delay)

  // Optimistic check: only the first recorder of this attempt wins.
  const updated = await trx
    .from('webhook_deliveries')
    .where({ id: delivery.id, status: 'pending', attempts: delivery.attempts })
    .update({
      attempts: attempt,
      status: result.succeeded ? 'succeeded' : final ? 'failed' : 'pending',
      last_status_code: result.statusCode,
      last_error: result.error,
      next_attempt_at: nextAttemptAt,
      completed_at: final ? now : null,
    })
  if (!Number(updated)) return false

  await trx.insertQuery().table('webhook_delivery_attempts').insert({
    workspace_id: delivery.workspace_id,
    delivery_id: delivery.id,
    attempt_number: attempt,
    succeeded: result.succeeded,
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    error: result.error,
    response_excerpt: result.responseExcerpt,
  })

  if (result.succeeded) {
    await rawQuery(
      trx,
      `update webhooks set last_triggered_at = now(), last_response_code = ?,
        retry_count = 0, consecutive_failures = 0 where id = ?`,
      [result.statusCode, delivery.webhook_id]
    )
    return true
  }

  if (!final) {
    await rawQuery(
      trx,
      `update webhooks set last_triggered_at = now(), last_response_code = ?,
        retry_count = retry_count + 1 where id = ?`,
      [result.statusCode, delivery.webhook_id]
    )
    await enqueue(
      'core/webhook_deliver',
      { delivery_id: delivery.id },
      { runAt: nextAttemptAt!, jobKey: `webhook-delivery:${delivery.id}:${attempt + 1}` }
    )
    return true
  }

  const webhook = await rawQuery(
    trx,
    `update webhooks set last_triggered_at = now(), last_response_code = ?,
        retry_count = retry_count + 1, consecutive_failures = consecutive_failures + 1
      where id = ? returning consecutive_failures, is_active, name, url`,
    [result.statusCode, delivery.webhook_id]
  )
  const { consecutive_failures: failures, is_active: active, name, url } = webhook.rows[0]
  if (active && settings.disableAfterFailures > 0 && failures >= settings.disableAfterFailures) {
    const reason = `Disabled after ${failures} consecutive failed deliveries (last error: ${result.error})`
    await rawQuery(
      trx,
      `update webhooks set is_active = false, disabled_at = now(), disabled_reason = ? where id = ?`,
      [reason.slice(0, 1000), delivery.webhook_id]
    )
    await rawQuery(trx, 'select app.publish_webhook_event(?::uuid, ?, ?::jsonb)', [
      delivery.workspace_id,
      'webhook.disabled',
      JSON.stringify({ webhook_id: delivery.webhook_id, name, url, reason }),
    ])
  }
  return true
}
