import { enqueue, rawQuery, tenantCrashHandler, tenantJob } from '#sdk'
import { CalendarCsvError, importRecord, parseCalendarCsv } from '../services/calendar_csv.js'
import type { CalendarImportRowError } from '../services/calendar_import_resource.js'

/** Rows handled per run: each run is one transaction, so progress shows between runs. */
const CHUNK = 200
/** Failed rows kept with their reason (the count keeps going). */
const MAX_ERRORS = 1000

/**
 * `content/import_calendar_csv`: imports the next chunk of a calendar CSV
 * import, then enqueues itself for the rest. A bad row is recorded with its
 * reason and never stops the others; progress is committed with the rows, so
 * a rerun resumes where the last committed run stopped.
 */
export default tenantJob<{ import_id: string }>(
  async ({ import_id: importId }, helpers, context) => {
    const { trx, workspaceId } = context
    const job = await trx
      .from('content_calendar_imports')
      .where({ id: importId, workspace_id: workspaceId! })
      .forUpdate()
      .first()
    if (!job || job.status === 'completed' || job.status === 'failed') return
    let records: Record<string, string>[]
    try {
      records = parseCalendarCsv(job.content ?? '')
    } catch (error) {
      if (!(error instanceof CalendarCsvError)) throw error
      await trx.from('content_calendar_imports').where('id', importId).update({
        status: 'failed',
        error_message: error.message,
        content: null,
        completed_at: new Date(),
      })
      return
    }
    const start = job.rows_processed as number
    const chunk = records.slice(start, start + CHUNK)
    const errors: CalendarImportRowError[] = []
    let created = 0
    for (const [offset, record] of chunk.entries()) {
      const reason = await importRecord(record, (sql) => rawQuery(trx, sql))
      if (reason) errors.push({ row: start + offset + 2, reason })
      else created++
    }
    const processed = start + chunk.length
    const done = processed >= records.length
    const kept = Math.max(0, MAX_ERRORS - (job.errors as CalendarImportRowError[]).length)
    await rawQuery(
      trx,
      `update public.content_calendar_imports set
       status = ?, rows_total = ?, rows_processed = ?, rows_created = rows_created + ?,
       rows_failed = rows_failed + ?, errors = errors || ?::jsonb,
       started_at = coalesce(started_at, now()), completed_at = ?,
       content = case when ? then null else content end
     where id = ?`,
      [
        done ? 'completed' : 'running',
        records.length,
        processed,
        created,
        errors.length,
        JSON.stringify(errors.slice(0, kept)),
        done ? new Date() : null,
        done,
        importId,
      ]
    )
    if (!done)
      await enqueue('content/import_calendar_csv', { import_id: importId }, { maxAttempts: 3 })
    helpers.logger.info(`calendar import ${importId}: ${processed}/${records.length} rows`)
  }
)

/** The import crashed the worker twice: it fails with the reason, keeping the rows done. */
export const onRepeatedCrash = tenantCrashHandler<{ import_id: string }>(
  async ({ import_id: importId }, reason, { trx, workspaceId }) => {
    await trx
      .from('content_calendar_imports')
      .where({ id: importId, workspace_id: workspaceId! })
      .whereNotIn('status', ['completed', 'failed'])
      .update({ status: 'failed', error_message: reason, content: null, completed_at: new Date() })
  }
)
