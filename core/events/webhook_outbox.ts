import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import { webhookEventCatalogue } from '#core/events/webhook_events'

/** Largest serialised event data accepted (receivers should not need more). */
export const MAX_EVENT_DATA_CHARS = 256 * 1024

/** Raised when code emits an event type nobody declared: a programming error. */
export class UnknownWebhookEventError extends Error {
  constructor(type: string) {
    super(
      `Unknown webhook event type "${type}": declare it in the webhookEvents of its module or plugin (plugin.ts)`
    )
    this.name = 'UnknownWebhookEventError'
  }
}

/**
 * Writes a webhook event to the outbox of the current workspace, in the
 * current tenant transaction: it exists (and is fanned out to the subscribed
 * webhooks, with their delivery jobs) only if that transaction commits.
 * Works in requests, jobs and anonymous (embed) contexts. Returns nothing: the
 * delivery happens later, in jobs.
 */
export async function emitEvent(type: string, data: Record<string, unknown>): Promise<void> {
  await publishEvent(type, data)
}

/**
 * Same as emitEvent(), optionally addressed to one webhook of the workspace
 * only (test pings), and returning the event id.
 */
export async function publishEvent(
  type: string,
  data: Record<string, unknown>,
  options: { webhookId?: string } = {}
): Promise<string> {
  const [json] = await serialiseEvents([{ type, data }])
  const { trx } = tenant()
  const result = await rawQuery(trx, 'select app.emit_webhook_event(?, ?::jsonb, ?::uuid) as id', [
    type,
    json,
    options.webhookId ?? null,
  ])
  return result.rows[0].id
}

/**
 * Emits many events in one statement (a CSV import's lead.created/updated),
 * under exactly emitEvent()'s rules: declared types, plain-object data, the
 * size limit, and the current tenant transaction.
 */
export async function emitEvents(
  events: Array<{ type: string; data: Record<string, unknown> }>
): Promise<void> {
  if (events.length === 0) return
  const json = await serialiseEvents(events)
  await rawQuery(
    tenant().trx,
    `select count(app.emit_webhook_event(e.type, e.data::jsonb))
       from unnest(?::text[], ?::text[]) as e (type, data)`,
    [events.map((event) => event.type), json]
  )
}

/** Checks each event against the outbox's rules and returns its data as JSON text. */
async function serialiseEvents(
  events: Array<{ type: string; data: Record<string, unknown> }>
): Promise<string[]> {
  const catalogue = await webhookEventCatalogue()
  return events.map(({ type, data }) => {
    if (!catalogue.has(type)) throw new UnknownWebhookEventError(type)
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new TypeError('Webhook event data must be a plain object')
    }
    // PostgreSQL's jsonb cannot hold NUL characters: drop them rather than fail the caller.
    const json = JSON.stringify(data, (_key, value) =>
      typeof value === 'string' ? value.replaceAll('\u0000', '') : value
    )
    if (json.length > MAX_EVENT_DATA_CHARS) {
      throw new RangeError(
        `Webhook event data of "${type}" is ${json.length} characters long; send ids, not whole records (limit ${MAX_EVENT_DATA_CHARS})`
      )
    }
    return json
  })
}
