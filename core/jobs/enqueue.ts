import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'

/** Options of enqueue(), mapped to graphile-worker's add_job(). */
export interface EnqueueOptions {
  /** Dedupe/debounce key (scoped to the workspace). */
  jobKey?: string
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe'
  runAt?: Date
  maxAttempts?: number
  priority?: number
  queueName?: string
}

/**
 * Enqueues a job inside the current request's (or job's) transaction, so it
 * exists only if that transaction commits. The database stamps the workspace
 * and user of the transaction into the payload; the job runs as them.
 */
export async function enqueue(
  identifier: string,
  payload: Record<string, unknown> = {},
  options: EnqueueOptions = {}
): Promise<{ id: string }> {
  const { trx } = tenant()
  const result = await rawQuery(
    trx,
    'select app.enqueue_job(?, ?::jsonb, ?, ?, ?::timestamptz, ?::int, ?::int, ?) as id',
    [
      identifier,
      JSON.stringify(payload),
      options.jobKey ?? null,
      options.jobKeyMode ?? null,
      options.runAt?.toISOString() ?? null,
      options.maxAttempts ?? null,
      options.priority ?? null,
      options.queueName ?? null,
    ]
  )
  return { id: String(result.rows[0].id) }
}
