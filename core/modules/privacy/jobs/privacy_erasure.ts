import type { Task } from 'graphile-worker'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withService, rawQuery, workspaceStorage } from '#sdk'
import { revokeUserConnections } from '#modules/integrations/services/index'
import {
  privacySources,
  resolveTables,
  type ResolvedPrivacyTable,
} from '../services/privacy_manifests.js'
import {
  filesOfRows,
  ident,
  subjectCondition,
  subjectPrefixFiles,
  subjectRows,
  type SubjectFile,
} from '../services/subject_data.js'
import { jobOwner, writePrivacyAudit } from '../services/privacy_audit.js'
import { formatMailDate, queueTransactionalMail } from '#modules/mail/services/index'

/** Erasure cannot proceed without a decision by the user (e.g. a workspace needs another owner). */
export class ErasureBlockedError extends Error {}

/**
 * Shared workspaces the user is the only owner of: erasing the account would
 * leave them ownerless, so the user must first hand them over or delete them.
 */
export async function soleOwnedWorkspaces(trx: TransactionClientContract, userId: string) {
  const result = await rawQuery<{ id: string; name: string }>(
    trx,
    `select w.id, w.name from workspaces w
      join workspace_members m on m.workspace_id = w.id and m.user_id = ?::uuid and m.role = 'owner'
      where not w.is_personal
        and not exists (
          select 1 from workspace_members o
          where o.workspace_id = w.id and o.role = 'owner' and o.user_id <> ?::uuid
        )
      order by w.name`,
    [userId, userId]
  )
  return result.rows
}

/**
 * Deletes or anonymises the subject's rows of one table (for `retain`, only
 * clears its `anonymizeColumns`); returns the row count.
 */
async function eraseTable(
  trx: TransactionClientContract,
  table: ResolvedPrivacyTable,
  userId: string
) {
  if (table.erase === 'delete') {
    const result = await rawQuery(
      trx,
      `delete from ${ident(table.table)} where ${subjectCondition(table)}`,
      [userId]
    )
    return result.rowCount
  }
  const columns =
    table.erase === 'retain'
      ? (table.anonymizeColumns ?? [])
      : [...new Set([table.userColumn, ...(table.anonymizeColumns ?? [])])]
  if (!columns.length) return 0
  const result = await rawQuery(
    trx,
    `update ${ident(table.table)} set ${columns.map((column) => `${ident(column)} = null`).join(', ')}
      where ${ident(table.userColumn)} = ?::uuid`,
    [userId]
  )
  return result.rowCount
}

/**
 * Removes the account once its data is gone: the personal workspace (and
 * whatever is left in it), its generic audit trail, memberships elsewhere,
 * access tokens, and the users row. Returns the counts for the audit log.
 */
async function removeAccount(trx: TransactionClientContract, userId: string) {
  const user = await trx.from('users').select('personal_workspace_id').where('id', userId).first()
  if (!user) return { users: 0 }
  const personal = user.personal_workspace_id as string | null
  const memberships = await rawQuery(
    trx,
    'delete from workspace_members where user_id = ?::uuid and workspace_id is distinct from ?::uuid',
    [userId, personal]
  )
  const tokens = await rawQuery(
    trx,
    'delete from auth_access_tokens where tokenable_id = ?::uuid',
    [userId]
  )
  let workspaces = 0
  let audit = 0
  if (personal) {
    const deleted = await rawQuery(trx, 'delete from workspaces where id = ?::uuid', [personal])
    const trail = await rawQuery(trx, 'delete from audit_log where workspace_id = ?::uuid', [
      personal,
    ])
    workspaces = deleted.rowCount
    audit = trail.rowCount
  }
  const users = await rawQuery(trx, 'delete from users where id = ?::uuid', [userId])
  return {
    workspace_members: memberships.rowCount,
    auth_access_tokens: tokens.rowCount,
    personal_workspace: workspaces,
    personal_workspace_audit_log: audit,
    users: users.rowCount,
  }
}

/**
 * `core/privacy_deletion`: after a confirmed deletion request, erases or
 * anonymises everything the manifests declare for the user in every
 * workspace (rows and files), then removes the account, and writes one
 * privacy_audit_log entry per table, one for the files and one for the
 * account. Runs as `app_service` in ONE transaction, so the rows go all at
 * once or not at all; files are deleted inside it (a retry after a failed
 * commit finds them gone, which is fine). Requests that were never confirmed
 * are never processed. Idempotent: a completed request is left alone.
 */
export const privacyDeletionTask: Task = async (rawPayload, helpers) => {
  const { owner, payload } = jobOwner(rawPayload, helpers)
  const requestId = String(payload.request_id)
  const userId = owner.user_id

  try {
    // Visible progress: the erasure itself is one transaction.
    await withService(({ trx }) =>
      trx
        .from('data_deletion_requests')
        .where({ id: requestId, user_id: userId, status: 'pending' })
        .whereNotNull('confirmed_at')
        .update({ status: 'processing' })
    )
    await withService(async ({ trx }) => {
      const request = await trx
        .from('data_deletion_requests')
        .where({ id: requestId, user_id: userId })
        .forUpdate()
        .first()
      if (
        !request ||
        !['pending', 'processing'].includes(request.status) ||
        !request.confirmed_at
      ) {
        return
      }
      const audit = (eventType: string, details: Record<string, unknown>) =>
        writePrivacyAudit(trx, {
          workspaceId: request.workspace_id,
          userId,
          eventType,
          details: { request_id: request.request_id, ...details },
        })

      const blocked = await soleOwnedWorkspaces(trx, userId)
      if (blocked.length) {
        throw new ErasureBlockedError(
          `You are the only owner of ${blocked.length} shared workspace(s): hand them over or delete them first`
        )
      }

      const sources = await privacySources()
      const tables = resolveTables(sources)
      const files: SubjectFile[] = []
      const rowWorkspaces = new Set<string>()
      for (const table of tables) {
        if (!table.fileColumns?.length && !table.workspaceColumn) continue
        const rows = await subjectRows(trx, table, userId)
        for (const row of rows) {
          const workspaceId = table.workspaceColumn ? row[table.workspaceColumn] : null
          if (typeof workspaceId === 'string') rowWorkspaces.add(workspaceId)
        }
        if (table.erase !== 'retain') files.push(...filesOfRows(table, rows, 'erase'))
      }
      files.push(...(await subjectPrefixFiles(trx, sources, userId, rowWorkspaces)))

      // OAuth tokens are revoked at their providers (jobs that exist only if
      // this erasure commits) before the rows holding them are deleted.
      const oauthRevocations = await revokeUserConnections(userId)
      await audit('erasure.oauth_revocations', { connections: oauthRevocations })

      const erased: Record<string, unknown>[] = []
      for (const table of tables) {
        if (table.erase === 'retain' && !table.anonymizeColumns?.length) continue
        const rows = await eraseTable(trx, table, userId)
        const entry = {
          source: table.source,
          table: table.table,
          user_column: table.userColumn,
          ...(table.via ? { via: table.via.table } : {}),
          action: { delete: 'deleted', anonymize: 'anonymized', retain: 'redacted' }[table.erase],
          rows,
        }
        erased.push(entry)
        await audit('erasure.table', entry)
      }

      const perWorkspace = new Map<string, number>()
      for (const file of files) {
        await workspaceStorage(file.workspaceId).delete(file.key)
        perWorkspace.set(file.workspaceId, (perWorkspace.get(file.workspaceId) ?? 0) + 1)
      }
      const filesSummary = [...perWorkspace].map(([workspaceId, count]) => ({
        workspace_id: workspaceId,
        files: count,
      }))
      await audit('erasure.files', { files: files.length, workspaces: filesSummary })

      // The confirmation goes to the address the account had; the mail job is
      // queued in this transaction, so it exists only if the erasure commits.
      const subject = await trx.from('users').select('email').where('id', userId).first()
      const account = await removeAccount(trx, userId)
      await audit('erasure.account', account)

      const summary = {
        tables: erased,
        files: files.length,
        oauth_revocations: oauthRevocations,
        account,
        retained: tables
          .filter((table) => table.erase === 'retain')
          .map((table) => ({ source: table.source, table: table.table, reason: table.reason })),
      }
      await trx
        .from('data_deletion_requests')
        .where('id', requestId)
        .update({
          status: 'completed',
          completed_at: new Date(),
          summary: JSON.stringify(summary),
          error: null,
        })
      await audit('deletion.completed', {
        rows: erased.reduce((total, entry) => total + Number(entry.rows), 0),
        files: files.length,
      })
      if (subject?.email) {
        await queueTransactionalMail('privacy_deletion_confirmed', subject.email, {
          values: {
            scope: 'account and personal data',
            completed_at: formatMailDate(new Date(), 'en'),
          },
        })
      }
    })
  } catch (error) {
    const blocked = error instanceof ErasureBlockedError
    if (!blocked && helpers.job.attempts < helpers.job.max_attempts) throw error
    await withService(({ trx }) =>
      trx
        .from('data_deletion_requests')
        .where('id', requestId)
        .update({ status: 'failed', error: String((error as Error).message).slice(0, 500) })
    )
    if (!blocked) throw error
  }
}

export default privacyDeletionTask
