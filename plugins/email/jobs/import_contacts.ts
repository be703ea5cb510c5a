import type { Task } from 'graphile-worker'
import {
  CsvFileError,
  csvRecords,
  emitEvents,
  jobTenantIdentity,
  rawQuery,
  tenantCrashHandler,
  withTenant,
  workspaceStorage,
} from '#sdk'
import {
  contactImportFileKey,
  type ContactImportRowError,
} from '../services/contact_import_resource.js'
import {
  normalizeContactHeader,
  recordToContact,
  type ContactCsvValues,
} from '../services/contact_csv.js'
import { contactEvent } from '../services/contact_service.js'
import { suppress } from '../services/suppression_service.js'
import type { ContactRow } from '../services/contact_resource.js'

/** Rows written per transaction, with the import's progress: a rerun resumes after the last commit. */
export const CONTACT_IMPORT_BATCH = 500
/** Failed rows kept with their reason (the count keeps going). */
const MAX_ERRORS = 1000

type JobIdentity = ReturnType<typeof jobTenantIdentity>

interface ImportState {
  status: string
  rows_processed: number
  storage_key: string | null
  consent_source: string | null
  add_tags: string[]
}

/**
 * `email/import_contacts`: imports an uploaded contacts CSV file, as the
 * leads import does: streamed once from the workspace's storage (`csvRecords`
 * from `#sdk`), written in batches, each in its own tenant transaction with
 * the progress, bad rows recorded with their reason. Contacts are created or
 * merged by address (tags added, name and company filled in, metadata
 * merged); an existing contact's status is never raised back to subscribed;
 * `unsubscribed` rows are suppressed; suppressed addresses are refused.
 */
const importContacts: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as { import_id: string }
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const importId = payload.import_id
  const state: ImportState | undefined = await withTenant(identity, ({ trx, workspaceId }) =>
    trx
      .from('email_contact_imports')
      .select('status', 'rows_processed', 'storage_key', 'consent_source', 'add_tags')
      .where({ id: importId, workspace_id: workspaceId })
      .first()
  )
  if (!state || state.status === 'completed' || state.status === 'failed') return
  const storage = workspaceStorage(identity.workspaceId)
  if (!state.storage_key || !(await storage.exists(state.storage_key))) {
    await failImport(identity, importId, 'The uploaded file is no longer in storage')
    return
  }
  const input = await storage.getStream(state.storage_key)
  let processed = state.rows_processed
  let seen = 0
  let batch: Record<string, string>[] = []
  try {
    for await (const record of csvRecords(input, normalizeContactHeader)) {
      if (seen++ < state.rows_processed) continue
      batch.push(record)
      if (batch.length === CONTACT_IMPORT_BATCH) {
        processed = await writeBatch(identity, importId, processed, batch, state, false)
        batch = []
      }
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    await failImport(identity, importId, error.message)
    await storage.delete(state.storage_key)
    return
  }
  processed = await writeBatch(identity, importId, processed, batch, state, true)
  await storage.delete(state.storage_key)
  helpers.logger.info(`contact import ${importId}: completed, ${processed} rows`)
}

export default importContacts

/** Ends an import that cannot go on. */
async function failImport(identity: JobIdentity, importId: string, message: string) {
  await withTenant(identity, ({ trx, workspaceId }) =>
    trx
      .from('email_contact_imports')
      .where({ id: importId, workspace_id: workspaceId })
      .whereNotIn('status', ['completed', 'failed'])
      .update({ status: 'failed', error_message: message, completed_at: new Date() })
  )
}

/**
 * Writes one batch (the records after row `start`) and the progress in one
 * tenant transaction; `done` completes the import. Returns the rows processed.
 */
async function writeBatch(
  identity: JobIdentity,
  importId: string,
  start: number,
  records: Record<string, string>[],
  state: ImportState,
  done: boolean
): Promise<number> {
  return withTenant(identity, async ({ trx, workspaceId, userId }) => {
    const job = await trx
      .from('email_contact_imports')
      .select('status', 'rows_processed', 'errors')
      .where({ id: importId, workspace_id: workspaceId })
      .forUpdate()
      .first()
    if (!job || job.status === 'completed' || job.status === 'failed') {
      throw new Error(`contact import ${importId} ended while this run was writing it`)
    }
    if (job.rows_processed !== start) {
      throw new Error(`contact import ${importId} moved on in another run: this run stops`)
    }
    const errors: ContactImportRowError[] = []
    // Rows with the same address are merged, later values winning, tags added up.
    const byEmail = new Map<string, ContactCsvValues>()
    for (const [offset, record] of records.entries()) {
      const row = start + offset + 2 // line 1 is the header
      const parsed = recordToContact(record, {
        consentSource: state.consent_source,
        addTags: state.add_tags,
      })
      if (!parsed.ok) {
        errors.push({ row, email: record.email || null, reason: parsed.reason })
        continue
      }
      const earlier = byEmail.get(parsed.values.email)
      byEmail.set(
        parsed.values.email,
        earlier
          ? {
              ...parsed.values,
              name: parsed.values.name ?? earlier.name,
              company: parsed.values.company ?? earlier.company,
              // The first consent recorded stays, as for a contact that exists.
              consent_source: earlier.consent_source ?? parsed.values.consent_source,
              consent_recorded_at: earlier.consent_recorded_at ?? parsed.values.consent_recorded_at,
              tags: [...new Set([...earlier.tags, ...parsed.values.tags])].sort(),
              metadata: { ...earlier.metadata, ...parsed.values.metadata },
            }
          : parsed.values
      )
    }
    const suppressed = new Set<string>()
    if (byEmail.size) {
      const found = await rawQuery(
        trx,
        `select lower(email) as email from email_suppressions where lower(email) = any(?::text[])`,
        [[...byEmail.keys()]]
      )
      for (const { email } of found.rows) suppressed.add(email)
    }
    const rowsOf = (email: string) =>
      records.flatMap((record, offset) =>
        (record.email ?? '').trim().toLowerCase() === email ? [start + offset + 2] : []
      )
    for (const email of suppressed) {
      for (const row of rowsOf(email)) {
        errors.push({ row, email, reason: 'the address is on the suppression list' })
      }
      byEmail.delete(email)
    }
    const values = [...byEmail.values()]
    const written = values.length
      ? await rawQuery(
          trx,
          `insert into email_contacts as c (workspace_id, email, name, company, tags, metadata,
             consent_source, consent_recorded_at, subscription_status, confirmed_at, unsubscribed_at, created_by)
           select ?, r.email, r.name, r.company, r.tags, coalesce(r.metadata, '{}'::jsonb),
             r.consent_source, case when r.consent_source is null then null else coalesce(r.consent_recorded_at, now()) end,
             r.subscription_status,
             case when r.subscription_status = 'subscribed' then now() end,
             case when r.subscription_status = 'unsubscribed' then now() end, ?
           from jsonb_to_recordset(?::jsonb) as r (email text, name text, company text, tags text[],
             metadata jsonb, consent_source text, consent_recorded_at timestamptz, subscription_status text)
           on conflict (workspace_id, lower(email)) do update set
             name = coalesce(excluded.name, c.name),
             company = coalesce(excluded.company, c.company),
             tags = array(select distinct t from unnest(c.tags || excluded.tags) as t order by t),
             metadata = c.metadata || excluded.metadata,
             consent_source = coalesce(c.consent_source, excluded.consent_source),
             consent_recorded_at = coalesce(c.consent_recorded_at, excluded.consent_recorded_at),
             updated_at = now()
           returning c.id, c.email, c.subscription_status, c.tags, (c.xmax = 0) as created`,
          [workspaceId, userId ?? null, JSON.stringify(values)]
        )
      : { rows: [] }
    const rows = written.rows as Array<
      Pick<ContactRow, 'id' | 'email' | 'subscription_status' | 'tags'> & { created: boolean }
    >
    const created = rows.filter((row) => row.created)
    await emitEvents(
      created.map((contact) => ({ type: 'email_contact.created', data: contactEvent(contact) }))
    )
    for (const contact of rows) {
      if (byEmail.get(contact.email)?.subscription_status !== 'unsubscribed') continue
      // An existing contact that already left (unsubscribed, bounced, complained) keeps its state.
      if (!contact.created && !['subscribed', 'pending'].includes(contact.subscription_status)) {
        continue
      }
      await suppress(contact, 'unsubscribed', null, { source: 'import', import_id: importId })
    }
    errors.sort((a, b) => a.row - b.row)
    const processed = start + records.length
    const kept = Math.max(0, MAX_ERRORS - (job.errors as ContactImportRowError[]).length)
    await rawQuery(
      trx,
      `update email_contact_imports set
         status = ?, rows_processed = ?, rows_total = greatest(rows_total, ?),
         rows_created = rows_created + ?, rows_updated = rows_updated + ?,
         rows_failed = rows_failed + ?, errors = errors || ?::jsonb,
         started_at = coalesce(started_at, now()), completed_at = ?, updated_at = now()
       where id = ?`,
      [
        done ? 'completed' : 'running',
        processed,
        processed,
        created.length,
        rows.length - created.length,
        errors.length,
        JSON.stringify(errors.slice(0, kept)),
        done ? new Date() : null,
        importId,
      ]
    )
    return processed
  })
}

/** The batch crashed the worker twice (poison-job rule): the import fails with the reason. */
export const onRepeatedCrash = tenantCrashHandler<{ import_id: string }>(
  async ({ import_id: importId }, reason, { trx, workspaceId }) => {
    await trx
      .from('email_contact_imports')
      .where({ id: importId, workspace_id: workspaceId! })
      .whereNotIn('status', ['completed', 'failed'])
      .update({ status: 'failed', error_message: reason, completed_at: new Date() })
    await workspaceStorage(workspaceId!).delete(contactImportFileKey(importId))
  }
)
