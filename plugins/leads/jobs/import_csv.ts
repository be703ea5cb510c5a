import { tenantJob, enqueue, rawQuery, tenantCrashHandler, toProblem } from '#sdk'
import { CsvFileError, parseLeadCsv, recordToLead } from '../services/csv_rows.js'
import { upsertLeads, type LeadValues } from '../services/lead_writer.js'
import { normalizeEmail } from '../services/lead_resource.js'
import type { ImportRowError } from '../services/lead_import_resource.js'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitLeadWrites, emitScoreChanges } from '../services/lead_events.js'

/** Rows handled per run: each run is one transaction, so progress shows between runs. */
export const IMPORT_CHUNK = 500
/** Failed rows kept with their reason (the count keeps going). */
const MAX_ERRORS = 1000

type RowError = ImportRowError

/**
 * `leads/import_csv`: imports the next chunk of a CSV import, then enqueues
 * itself for the rest. Rows are checked one by one (a bad row is recorded
 * with its reason and never stops the others), rows with the same e-mail are
 * merged, and the chunk is created or merged by e-mail in one statement. Progress is committed with the rows, so a rerun resumes exactly
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
      records = await parseLeadCsv(job.content ?? '')
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
    // Rows of the chunk with the same e-mail are merged in order before writing.
    const groups = new Map<string, { values: LeadValues; rows: number[] }>()
    for (const [offset, record] of chunk.entries()) {
      const row = start + offset + 2 // line 1 is the header
      const parsed = recordToLead(record, job.default_source)
      if (!parsed.ok) {
        errors.push({ row, email: record.email || null, reason: parsed.reason })
        continue
      }
      const key = normalizeEmail(parsed.values.email)
      const group = groups.get(key)
      if (group) {
        group.values = mergeValues(group.values, parsed.values)
        group.rows.push(row)
      } else {
        groups.set(key, { values: parsed.values, rows: [row] })
      }
    }
    const written = await writeGroups([...groups.values()], errors, trx)
    let created = 0
    let merged = 0
    for (const { group, result } of written) {
      if (result.created) created++
      else merged++
      merged += group.rows.length - 1
    }
    await emitLeadWrites(written.map(({ result }) => result))
    const { changes } = await rescoreLeads(written.map(({ result }) => result.lead.id))
    await emitScoreChanges(changes)
    errors.sort((a, b) => a.row - b.row)

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

type Group = { values: LeadValues; rows: number[] }

/**
 * Writes the chunk's leads in one statement; if the database refuses one of
 * them, falls back to one savepoint per lead so that only the bad rows fail.
 */
async function writeGroups(groups: Group[], errors: RowError[], trx: TransactionClientContract) {
  await rawQuery(trx, 'savepoint lead_import_chunk')
  try {
    const results = await upsertLeads(groups.map((group) => group.values))
    await rawQuery(trx, 'release savepoint lead_import_chunk')
    return results.map((result, index) => ({ group: groups[index], result }))
  } catch {
    await rawQuery(trx, 'rollback to savepoint lead_import_chunk')
  }
  const written = []
  for (const group of groups) {
    await rawQuery(trx, 'savepoint lead_import_row')
    try {
      const [result] = await upsertLeads([group.values])
      await rawQuery(trx, 'release savepoint lead_import_row')
      written.push({ group, result })
    } catch (error) {
      await rawQuery(trx, 'rollback to savepoint lead_import_row')
      const reason = toProblem(error).message
      for (const row of group.rows) errors.push({ row, email: group.values.email, reason })
    }
  }
  return written
}

/** Merges a later row into an earlier one with the same e-mail, as the database would. */
function mergeValues(earlier: LeadValues, later: LeadValues): LeadValues {
  const merged: LeadValues = { ...earlier }
  for (const [key, value] of Object.entries(later) as Array<[keyof LeadValues, unknown]>) {
    if (value === undefined || value === null || value === '') continue
    if (key === 'tags') merged.tags = [...(earlier.tags ?? []), ...(later.tags ?? [])]
    else if (key === 'custom_fields') {
      merged.custom_fields = { ...earlier.custom_fields, ...later.custom_fields }
    } else if (key === 'source') continue
    else (merged as unknown as Record<string, unknown>)[key] = value
  }
  return merged
}

/**
 * The chunk crashed the worker twice (poison-job rule): the import fails with
 * the reason, keeping the rows committed so far.
 */
export const onRepeatedCrash = tenantCrashHandler<{ import_id: string }>(
  async ({ import_id: importId }, reason, { trx, workspaceId }) => {
    await trx
      .from('lead_imports')
      .where({ id: importId, workspace_id: workspaceId! })
      .whereNotIn('status', ['completed', 'failed'])
      .update({ status: 'failed', error_message: reason, content: null, completed_at: new Date() })
  }
)
