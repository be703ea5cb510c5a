import type { Readable } from 'node:stream'
import type { Task } from 'graphile-worker'
import {
  jobTenantIdentity,
  rawQuery,
  tenantCrashHandler,
  toProblem,
  withTenant,
  workspaceStorage,
} from '#sdk'
import { CsvFileError, leadCsvRecords, recordToLead, textStream } from '../services/csv_rows.js'
import { upsertLeads, type LeadValues } from '../services/lead_writer.js'
import { normalizeEmail } from '../services/lead_resource.js'
import { importFileKey, type ImportRowError } from '../services/lead_import_resource.js'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitLeadWrites, emitScoreChanges } from '../services/lead_events.js'

/**
 * Rows written per transaction: each batch commits its rows with the
 * progress, so progress is exact and a rerun resumes after the last commit.
 */
export const IMPORT_BATCH = 500
/** Failed rows kept with their reason (the count keeps going). */
const MAX_ERRORS = 1000

type RowError = ImportRowError

/** The import row as the job reads it. */
interface ImportState {
  status: string
  rows_processed: number
  default_source: string
  storage_key: string | null
  content: string | null
}

/**
 * `leads/import_csv`: imports an uploaded CSV file. The file is streamed
 * from the workspace's storage and parsed once; its rows are written in
 * batches, each batch in its own tenant transaction with the import's
 * progress (rows are checked one by one: a bad row is recorded with its
 * reason and never stops the others; rows with the same e-mail are merged;
 * a batch is created or merged by e-mail in one statement). No transaction
 * stays open while the file is read. A rerun (retry, crash) skips the rows
 * already committed, so it resumes exactly where the last batch stopped.
 */
const importCsv: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as { import_id: string }
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const importId = payload.import_id
  const state = await withTenant(identity, ({ trx, workspaceId }) =>
    trx
      .from('lead_imports')
      .select('status', 'rows_processed', 'default_source', 'storage_key', 'content')
      .where({ id: importId, workspace_id: workspaceId })
      .first()
  )
  if (!state || state.status === 'completed' || state.status === 'failed') return
  const storage = workspaceStorage(identity.workspaceId)
  const input = await openImportFile(state, storage)
  if (!input) {
    await failImport(identity, importId, 'The uploaded file is no longer in storage')
    return
  }

  let processed = state.rows_processed
  let seen = 0
  let batch: Record<string, string>[] = []
  try {
    for await (const record of leadCsvRecords(input)) {
      if (seen++ < state.rows_processed) continue
      batch.push(record)
      if (batch.length === IMPORT_BATCH) {
        processed = await writeBatch(identity, importId, processed, batch, state, false)
        batch = []
        helpers.logger.info(`lead import ${importId}: ${processed} rows`)
      }
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    await failImport(identity, importId, error.message)
    if (state.storage_key) await storage.delete(state.storage_key)
    return
  }
  processed = await writeBatch(identity, importId, processed, batch, state, true)
  if (state.storage_key) await storage.delete(state.storage_key)
  helpers.logger.info(`lead import ${importId}: completed, ${processed} rows`)
}

export default importCsv

/** The uploaded file as a stream (or the text of an import queued before files moved to storage). */
async function openImportFile(
  state: ImportState,
  storage: ReturnType<typeof workspaceStorage>
): Promise<Readable | null> {
  if (state.storage_key) {
    if (!(await storage.exists(state.storage_key))) return null
    return storage.getStream(state.storage_key)
  }
  return state.content === null ? null : textStream(state.content)
}

/** Ends an import that cannot go on (its file is unreadable or gone). */
async function failImport(identity: JobIdentity, importId: string, message: string) {
  await withTenant(identity, ({ trx, workspaceId }) =>
    trx
      .from('lead_imports')
      .where({ id: importId, workspace_id: workspaceId })
      .whereNotIn('status', ['completed', 'failed'])
      .update({ status: 'failed', error_message: message, content: null, completed_at: new Date() })
  )
}

type JobIdentity = ReturnType<typeof jobTenantIdentity>

/**
 * Writes one batch of records (the rows after the first `start`) and the
 * import's progress in one tenant transaction; `done` marks the import
 * completed. Returns the rows processed after it. Another run that got
 * further first (a duplicate job) makes this one stop.
 */
async function writeBatch(
  identity: JobIdentity,
  importId: string,
  start: number,
  records: Record<string, string>[],
  state: ImportState,
  done: boolean
): Promise<number> {
  return withTenant(identity, async ({ trx, workspaceId }) => {
    const job = await trx
      .from('lead_imports')
      .select('status', 'rows_processed', 'errors')
      .where({ id: importId, workspace_id: workspaceId })
      .forUpdate()
      .first()
    if (!job || job.status === 'completed' || job.status === 'failed') {
      throw new Error(`lead import ${importId} ended while this run was writing it`)
    }
    if (job.rows_processed !== start) {
      throw new Error(`lead import ${importId} moved on in another run: this run stops`)
    }
    const errors: RowError[] = []
    // Rows of the batch with the same e-mail are merged in order before writing.
    const groups = new Map<string, { values: LeadValues; rows: number[] }>()
    for (const [offset, record] of records.entries()) {
      const row = start + offset + 2 // line 1 is the header
      const parsed = recordToLead(record, state.default_source)
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

    const processed = start + records.length
    const kept = Math.max(0, MAX_ERRORS - (job.errors as RowError[]).length)
    await rawQuery(
      trx,
      `update public.lead_imports set
       status = ?, rows_processed = ?, rows_total = greatest(rows_total, ?), rows_created = rows_created + ?,
       rows_merged = rows_merged + ?, rows_failed = rows_failed + ?, errors = errors || ?::jsonb,
       started_at = coalesce(started_at, now()), completed_at = ?, content = case when ? then null else content end
     where id = ?`,
      [
        done ? 'completed' : 'running',
        processed,
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
    return processed
  })
}

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
    await workspaceStorage(workspaceId!).delete(importFileKey(importId))
  }
)
