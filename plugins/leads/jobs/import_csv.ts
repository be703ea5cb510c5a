import { tenantJob } from '#core/jobs/tenant_job'
import { enqueue } from '#core/jobs/enqueue'
import { rawQuery } from '#core/database/raw_query'
import { toProblem } from '#core/exceptions/problem_mapper'
import { CsvFileError, parseLeadCsv, recordToLead } from '../services/csv_rows.js'
import { upsertLeadByEmail } from '../services/lead_writer.js'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitLeadChanges, emitScoreChanges } from '../services/lead_events.js'

/** Rows handled per run: each run is one transaction, so progress shows between runs. */
export const IMPORT_CHUNK = 500
/** Failed rows kept with their reason (the count keeps going). */
const MAX_ERRORS = 1000

interface RowError {
  row: number
  email: string | null
  reason: string
}

/**
 * `leads/import_csv`: imports the next chunk of a CSV import, then enqueues
 * itself for the rest. Each row is created or merged by e-mail inside a
 * savepoint, so a bad row is recorded with its reason and never stops the
 * others. Progress is committed with the rows, so a rerun resumes exactly
 * where the last committed run stopped (idempotent).
 */
export default tenantJob<{ import_id: string }>(
  async ({ import_id: importId }, helpers, context) => {
    const { trx, workspaceId } = context
    const job = await trx
      .from('lead_imports')
      .where({ id: importId, workspace_id: workspaceId! })
      .forUpdate()
      .first()
    if (!job || job.status === 'completed' || job.status === 'failed') return

    let records: Record<string, string>[]
    try {
      records = parseLeadCsv(job.content ?? '')
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error
      await trx.from('lead_imports').where('id', importId).update({
        status: 'failed',
        error_message: error.message,
        content: null,
        completed_at: new Date(),
      })
      return
    }

    const start = job.rows_processed as number
    const chunk = records.slice(start, start + IMPORT_CHUNK)
    const errors: RowError[] = []
    const touched: string[] = []
    let created = 0
    let merged = 0
    for (const [offset, record] of chunk.entries()) {
      const row = start + offset + 2 // line 1 is the header
      const parsed = recordToLead(record, job.default_source)
      if (!parsed.ok) {
        errors.push({ row, email: record.email || null, reason: parsed.reason })
        continue
      }
      await rawQuery(trx, 'savepoint lead_import_row')
      try {
        const result = await upsertLeadByEmail(parsed.values)
        await rawQuery(trx, 'release savepoint lead_import_row')
        touched.push(result.lead.id)
        if (result.created) created++
        else merged++
        await emitLeadChanges({ lead: result.lead, created: result.created })
      } catch (error) {
        await rawQuery(trx, 'rollback to savepoint lead_import_row')
        errors.push({ row, email: record.email || null, reason: toProblem(error).message })
      }
    }
    const { changes } = await rescoreLeads([...new Set(touched)])
    await emitScoreChanges(changes)

    const processed = start + chunk.length
    const done = processed >= records.length
    const kept = Math.max(0, MAX_ERRORS - (job.errors as RowError[]).length)
    await rawQuery(
      trx,
      `update public.lead_imports set
       status = ?, rows_total = ?, rows_processed = ?, rows_created = rows_created + ?,
       rows_merged = rows_merged + ?, rows_failed = rows_failed + ?, errors = errors || ?::jsonb,
       started_at = coalesce(started_at, now()), completed_at = ?, content = case when ? then null else content end
     where id = ?`,
      [
        done ? 'completed' : 'running',
        records.length,
        processed,
        created,
        merged,
        errors.length,
        JSON.stringify(errors.slice(0, kept)),
        done ? new Date() : null,
        done,
        importId,
      ]
    )
    if (!done) await enqueue('leads/import_csv', { import_id: importId }, { maxAttempts: 3 })
    helpers.logger.info(`lead import ${importId}: ${processed}/${records.length} rows`)
  }
)
