import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'

/** One event of the outbox, as eventsAfter() returns it. */
export interface OutboxEvent {
  id: string
  type: string
  data: Record<string, unknown>
  created_at: Date
  /** Where a reader that read up to this event stands (its exact time, to the microsecond). */
  position: EventPosition
}

/**
 * Where a reader stopped: the last event it read (time and id), or a start
 * time alone. `at` is a Date or an ISO time with microseconds (as positions
 * returned by eventsAfter carry it: a Date would drop the microseconds).
 */
export interface EventPosition {
  at: Date | string
  id?: string | null
}

/**
 * Reads the webhook outbox of the current workspace in the tenant transaction
 * (RLS applies: the caller must be a member), oldest first, strictly after
 * `after` in (created_at, id) order, only of the given `types`. It lets a
 * domain react to another's events (an email automation to `lead.created`)
 * without knowing its tables. Events live as long as the outbox retention.
 */
export async function eventsAfter(options: {
  types: string[]
  after: EventPosition
  limit?: number
}): Promise<OutboxEvent[]> {
  if (options.types.length === 0) return []
  const limit = Math.max(1, Math.min(options.limit ?? 500, 5000))
  const result = await rawQuery(
    tenant().trx,
    `select id, event_type as type, payload as data, created_at,
       to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
     from webhook_events
     where workspace_id = app.current_workspace_id()
       and webhook_id is null
       and event_type = any(?::text[])
       and (created_at, id) > (?::timestamptz, coalesce(?::uuid, '00000000-0000-0000-0000-000000000000'::uuid))
     order by created_at, id
     limit ?`,
    [options.types, options.after.at, options.after.id ?? null, limit]
  )
  return result.rows.map(({ at, ...event }: OutboxEvent & { at: string }) => ({
    ...event,
    position: { at, id: event.id },
  }))
}
