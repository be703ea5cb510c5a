import { strToU8 } from 'fflate'
import type { Task } from 'graphile-worker'
import { DateTime } from 'luxon'
import privacyConfig from '../privacy_config.js'
import { withService, withTenant, workspaceStorage } from '#sdk'
import { privacySources, resolveTables } from '../services/privacy_manifests.js'
import {
  exportJson,
  filesOfRows,
  subjectPrefixFiles,
  subjectRows,
  type SubjectFile,
} from '../services/subject_data.js'
import { signedDownloadUrl } from '../services/download_signature.js'
import { formatMailDate, queueTransactionalMail } from '#modules/mail/services/index'
import { jobOwner, writePrivacyAudit } from '../services/privacy_audit.js'
import { ArchiveWriter } from '../services/archive_writer.js'

/** Version of the archive layout (manifest.json `format_version`). */
export const EXPORT_FORMAT_VERSION = 1

/** Storage key (in the requester's workspace) of an export archive. */
export function exportArchiveKey(requestId: string) {
  return `privacy/exports/${requestId}.zip`
}

/**
 * `core/privacy_export`: gathers the requester's rows from every table the
 * manifests declare, in every workspace, plus their files, writes ONE zip to
 * storage and completes the request with a signed, expiring download URL.
 * Reading across workspaces needs `app_service` (RLS would hide the user's
 * rows in workspaces they left or cannot administer); each read is one short
 * transaction filtered on the user column, and the audit log lists every table
 * read. Idempotent: a completed request is left alone, a retried one rebuilds
 * the same archive key.
 */
export const privacyExportTask: Task = async (rawPayload, helpers) => {
  const { owner, payload } = jobOwner(rawPayload, helpers)
  const requestId = String(payload.request_id)
  const tenantOf = { userId: owner.user_id, workspaceId: owner.workspace_id, via: 'job' as const }

  const setState = (values: Record<string, unknown>) =>
    withTenant(tenantOf, ({ trx }) =>
      trx.from('data_export_requests').where('id', requestId).update(values)
    )

  const request = await withTenant(tenantOf, ({ trx }) =>
    trx.from('data_export_requests').where('id', requestId).first()
  )
  if (!request || !['pending', 'processing', 'failed'].includes(request.status)) return

  try {
    await setState({ status: 'processing', progress: 5, error: null })
    const sources = await privacySources()
    const tables = resolveTables(sources)
    const generatedAt = new Date()
    const ownArchive = exportArchiveKey(requestId)
    const archive = new ArchiveWriter(generatedAt)
    const summaryTables: Record<string, unknown>[] = []
    const summaryFiles: Record<string, unknown>[] = []
    const upload = workspaceStorage(owner.workspace_id).putStream(
      ownArchive,
      archive.stream,
      'application/zip'
    )
    // The upload fails with the archive; its rejection is awaited below or dropped with it.
    upload.catch(() => {})
    try {
      await buildArchive()
    } catch (error) {
      archive.abort(error as Error)
      throw error
    }
    await upload

    /** Writes the tables, the files and the manifest into the archive, in that order. */
    async function buildArchive() {
      const files: SubjectFile[] = []
      const rowWorkspaces = new Set<string>()
      const seen = new Set<string>()

      for (const [index, table] of tables.entries()) {
        const rows = await withService(({ trx }) => subjectRows(trx, table, owner.user_id))
        await archive.add(table.exportName, strToU8(exportJson(rows)))
        summaryTables.push({
          source: table.source,
          table: table.table,
          user_column: table.userColumn,
          file: table.exportName,
          rows: rows.length,
        })
        for (const row of rows) {
          const workspaceId = table.workspaceColumn ? row[table.workspaceColumn] : null
          if (typeof workspaceId === 'string') rowWorkspaces.add(workspaceId)
        }
        files.push(...filesOfRows(table, rows, 'export'))
        await setState({ progress: 5 + Math.floor((60 * (index + 1)) / tables.length) })
      }

      files.push(
        ...(await withService(({ trx }) =>
          subjectPrefixFiles(trx, sources, owner.user_id, rowWorkspaces)
        ))
      )

      for (const file of files) {
        const path = `files/${file.workspaceId}/${file.key}`
        // The archive being rebuilt on a retry is not part of its own contents.
        if (
          seen.has(path) ||
          (file.workspaceId === owner.workspace_id && file.key === ownArchive)
        ) {
          continue
        }
        seen.add(path)
        const storage = workspaceStorage(file.workspaceId)
        if (!(await storage.exists(file.key))) {
          summaryFiles.push({ ...describe(file), path: null, missing: true })
          continue
        }
        const bytes = await archive.addStream(path, await storage.getStream(file.key))
        summaryFiles.push({ ...describe(file), path, bytes })
      }
      await setState({ progress: 80 })

      const manifest = {
        format: 'aip-privacy-export',
        format_version: EXPORT_FORMAT_VERSION,
        request_id: request.request_id,
        user_id: owner.user_id,
        scope: 'every workspace the user has data in',
        generated_at: generatedAt.toISOString(),
        tables: summaryTables,
        files: summaryFiles,
      }
      await archive.add('manifest.json', strToU8(JSON.stringify(manifest, null, 2)))
      archive.end()
    }

    const expiresAt = DateTime.now().plus({ hours: privacyConfig.exportTtlHours }).toJSDate()
    const summary = {
      tables: summaryTables.length,
      rows: summaryTables.reduce((total, table) => total + Number(table.rows), 0),
      files: summaryFiles.filter((file) => file.path).length,
    }
    await withTenant(tenantOf, async ({ trx }) => {
      await trx
        .from('data_export_requests')
        .where('id', requestId)
        .update({
          status: 'completed',
          progress: 100,
          completed_at: generatedAt,
          storage_key: ownArchive,
          archive_bytes: archive.bytes,
          expires_at: expiresAt,
          download_url: signedDownloadUrl(requestId, expiresAt),
          summary: JSON.stringify({ ...summary, tables_detail: summaryTables }),
          error: null,
        })
      await writePrivacyAudit(trx, {
        workspaceId: owner.workspace_id,
        userId: owner.user_id,
        eventType: 'export.completed',
        details: { request_id: request.request_id, ...summary, tables: summaryTables },
      })
      const subject = await trx.from('users').select('email').where('id', owner.user_id).first()
      if (subject?.email) {
        await queueTransactionalMail('privacy_export_ready', subject.email, {
          values: {
            link: signedDownloadUrl(requestId, expiresAt),
            expires_at: formatMailDate(expiresAt, 'en'),
          },
        })
      }
    })
  } catch (error) {
    const final = helpers.job.attempts >= helpers.job.max_attempts
    await setState({
      status: final ? 'failed' : 'processing',
      error: String((error as Error).message ?? error).slice(0, 500),
    })
    throw error
  }
}

function describe(file: SubjectFile) {
  return { source: file.source, table: file.table, workspace_id: file.workspaceId, key: file.key }
}

export default privacyExportTask
