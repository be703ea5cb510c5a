import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { serviceJob, rawQuery, workspaceStorage } from '#sdk'
import { privacyTables, type ResolvedPrivacyTable } from '../services/privacy_manifests.js'
import { ident } from '../services/subject_data.js'
import { writePrivacyAudit } from '../services/privacy_audit.js'

/** Rows a retention statement removed, with whose they were and the files they pointed at. */
interface PurgedRow {
  subject_workspace: string
  subject_user: string
  [column: string]: unknown
}

/**
 * Erases (as the manifest's `erase` says) the rows of one retention-eligible
 * table that are older than their owner's `data_retention_days` in the same
 * workspace. One set-based statement per table, joined to the settings.
 */
async function purgeTable(trx: TransactionClientContract, table: ResolvedPrivacyTable) {
  const t = ident(table.table)
  const workspace = ident(table.workspaceColumn!)
  const user = ident(table.userColumn)
  const fileColumns = (table.fileColumns ?? []).map((column, index) => ({
    column,
    alias: `f${index}`,
  }))
  const returning = [
    's.workspace_id as subject_workspace',
    's.user_id as subject_user',
    ...fileColumns.map(({ column, alias }) => `t.${ident(column)} as ${alias}`),
  ].join(', ')
  const match = `t.${workspace} = s.workspace_id and t.${user} = s.user_id
    and s.data_retention_days is not null
    and t.${ident(table.retentionColumn!)} < now() - make_interval(days => s.data_retention_days)`
  let sql: string
  if (table.erase === 'delete') {
    sql = `delete from ${t} t using user_privacy_settings s where ${match} returning ${returning}`
  } else {
    // Anonymise: the files are read before the update nulls their columns.
    const columns = [...new Set([table.userColumn, ...(table.anonymizeColumns ?? [])])]
    sql = `update ${t} t set ${columns.map((column) => `${ident(column)} = null`).join(', ')}
      from user_privacy_settings s where ${match} returning ${returning}`
  }
  const result = await rawQuery<PurgedRow>(trx, sql)
  return { rows: result.rows, fileColumns }
}

/**
 * `core/privacy_retention` (daily): honours each user's `data_retention_days`
 * (per workspace) on every table a manifest marks with a `retentionColumn`,
 * deletes the files of purged rows, writes one privacy_audit_log entry per
 * user, workspace and table, and expires export archives and unconfirmed
 * deletion requests. Platform maintenance: runs as `app_service`.
 */
export const privacyRetentionTask = serviceJob(async (_payload, helpers, { trx }) => {
  const declared = await privacyTables()
  const tables = declared.filter(
    (table) => table.retentionColumn && table.workspaceColumn && table.erase !== 'retain'
  )
  let purged = 0
  for (const table of tables) {
    const { rows, fileColumns } = await purgeTable(trx, table)
    const perSubject = new Map<
      string,
      { workspace: string; user: string; rows: number; files: number }
    >()
    for (const row of rows) {
      const id = `${row.subject_workspace}/${row.subject_user}`
      const entry = perSubject.get(id) ?? {
        workspace: row.subject_workspace,
        user: row.subject_user,
        rows: 0,
        files: 0,
      }
      entry.rows += 1
      for (const { alias } of fileColumns) {
        const key = row[alias]
        if (typeof key === 'string' && key) {
          await workspaceStorage(row.subject_workspace).delete(key)
          entry.files += 1
        }
      }
      perSubject.set(id, entry)
    }
    for (const entry of perSubject.values()) {
      await writePrivacyAudit(trx, {
        workspaceId: entry.workspace,
        userId: entry.user,
        eventType: 'retention.purged',
        details: {
          source: table.source,
          table: table.table,
          action: table.erase === 'delete' ? 'deleted' : 'anonymized',
          rows: entry.rows,
          files: entry.files,
        },
      })
    }
    purged += rows.length
  }

  const archives = await rawQuery<{ id: string; workspace_id: string; storage_key: string | null }>(
    trx,
    `with expired as (
        select id, workspace_id, storage_key from data_export_requests
        where status = 'completed' and expires_at <= now()
        for update
      )
      update data_export_requests d set status = 'expired', download_url = null, storage_key = null
        from expired e where d.id = e.id
        returning e.id, e.workspace_id, e.storage_key`
  )
  for (const archive of archives.rows) {
    if (archive.storage_key)
      await workspaceStorage(archive.workspace_id).delete(archive.storage_key)
  }
  const confirmations = await rawQuery(
    trx,
    `update data_deletion_requests set status = 'expired', confirmation_token_hash = null
      where status = 'awaiting_confirmation' and confirmation_expires_at <= now()`
  )
  helpers.logger.info(
    `retention: ${purged} rows purged, ${archives.rowCount} export archives expired, ${confirmations.rowCount} deletion requests expired`
  )
})

export default privacyRetentionTask
