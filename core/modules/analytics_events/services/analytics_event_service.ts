import { randomUUID } from 'node:crypto'
import { errors } from '@vinejs/vine'
import { tenant, rawQuery, type FieldError } from '#sdk'
import { analyticsEventValidator } from '../validators/analytics_event_validator.js'

/** Largest `event_data` accepted, as serialized JSON. */
const MAX_EVENT_DATA_BYTES = 16 * 1024
/** How far in the future a client clock may be. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000
/** Oldest event time accepted (backfills beyond that are refused). */
const MAX_EVENT_AGE_MS = 365 * 24 * 60 * 60 * 1000

/** An event that was stored, by its position in the request. */
export interface AcceptedEvent {
  index: number
  id: string
}

/** An event that was refused, by its position in the request, with the reasons. */
export interface RejectedEvent {
  index: number
  errors: FieldError[]
}

interface ValidEvent {
  id: string
  event_type: string
  event_data: Record<string, unknown>
  created_at: string | null
}

/**
 * Validates each event of a batch on its own and stores the valid ones for the
 * current user and workspace in one INSERT. Invalid events are reported by
 * index with per-field reasons and never stored; valid ones are stored even
 * when others fail.
 */
export async function ingestEvents(items: unknown[]) {
  const accepted: AcceptedEvent[] = []
  const rejected: RejectedEvent[] = []
  const valid: ValidEvent[] = []
  const now = Date.now()

  for (const [index, item] of items.entries()) {
    const [error, event] = await analyticsEventValidator.tryValidate(item)
    if (error) {
      rejected.push({ index, errors: fieldErrors(error) })
      continue
    }
    const problems: FieldError[] = []
    const data = event.event_data ?? {}
    const serialized = JSON.stringify(data)
    if (Buffer.byteLength(serialized) > MAX_EVENT_DATA_BYTES) {
      problems.push({
        field: 'event_data',
        message: `The event_data field must be at most ${MAX_EVENT_DATA_BYTES} bytes of JSON`,
        rule: 'maxSize',
      })
    } else if (serialized.includes('\\u0000')) {
      problems.push({
        field: 'event_data',
        message: 'The event_data field must not contain NUL characters',
        rule: 'nul',
      })
    }
    if (event.created_at) {
      const time = Date.parse(event.created_at)
      if (time > now + MAX_CLOCK_SKEW_MS || time < now - MAX_EVENT_AGE_MS) {
        problems.push({
          field: 'created_at',
          message: 'The created_at field must be within the last year and not in the future',
          rule: 'range',
        })
      }
    }
    if (problems.length) {
      rejected.push({ index, errors: problems })
      continue
    }
    const id = randomUUID()
    valid.push({
      id,
      event_type: event.event_type,
      event_data: data,
      created_at: event.created_at ?? null,
    })
    accepted.push({ index, id })
  }

  if (valid.length) {
    const { trx, workspaceId, userId } = tenant()
    await rawQuery(
      trx,
      `insert into user_analytics_events (id, workspace_id, user_id, event_type, event_data, created_at)
       select e.id, ?::uuid, ?::uuid, e.event_type, e.event_data, coalesce(e.created_at, now())
         from jsonb_to_recordset(?::jsonb)
           as e(id uuid, event_type text, event_data jsonb, created_at timestamptz)`,
      [workspaceId, userId, JSON.stringify(valid)]
    )
  }
  return { accepted, rejected }
}

function fieldErrors(error: unknown): FieldError[] {
  if (error instanceof errors.E_VALIDATION_ERROR) {
    // The item itself (not one of its fields) is reported as `event`.
    return (error.messages as FieldError[]).map(({ field, message, rule }) => ({
      field: field || 'event',
      message,
      rule,
    }))
  }
  throw error
}
