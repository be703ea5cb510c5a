import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { PrivacySource, ResolvedPrivacyTable } from './privacy_manifests.js'
import { type PrivacyTable, isValidStorageKey, workspaceStorage, rawQuery } from '#sdk'

/** A file that belongs to the data subject, located in a workspace's storage. */
export interface SubjectFile {
  source: string
  /** Table whose row points at the file, or null for a declared prefix. */
  table: string | null
  workspaceId: string
  key: string
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/

/** A double-quoted SQL identifier; manifests are validated, this re-checks. */
export function ident(name: string) {
  if (!IDENTIFIER.test(name)) throw new Error(`Invalid SQL identifier "${name}"`)
  return `"${name}"`
}

/**
 * The SQL condition (one `?` for the subject's id) that selects the subject's
 * rows of a declared table: its user column, or for tables declared `via` a
 * parent, the parent rows of the subject.
 */
export function subjectCondition(table: PrivacyTable) {
  if (!table.via) return `${ident(table.userColumn)} = ?::uuid`
  const { table: parent, column, key = 'id' } = table.via
  return `${ident(column)} in (select ${ident(key)} from ${ident(parent)} where ${ident(table.userColumn)} = ?::uuid)`
}

/**
 * The subject's rows of one declared table, in every workspace (the export and
 * erasure scope is the person, not the workspace). Runs in the transaction it
 * is given, normally an app_service one: callers keep that use explicit.
 */
export async function subjectRows(
  trx: TransactionClientContract,
  table: ResolvedPrivacyTable,
  userId: string
): Promise<Record<string, unknown>[]> {
  const result = await rawQuery(
    trx,
    `select * from ${ident(table.table)} where ${subjectCondition(table)} order by 1`,
    [userId]
  )
  const excluded = new Set(table.excludeColumns ?? [])
  return result.rows.map((row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).filter(([column]) => !excluded.has(column)))
  )
}

/** Files referenced by rows of a table that declares file columns. */
export function filesOfRows(
  table: ResolvedPrivacyTable,
  rows: Record<string, unknown>[],
  purpose: 'export' | 'erase'
): SubjectFile[] {
  if (!table.fileColumns?.length || !table.workspaceColumn) return []
  if (purpose === 'export' && table.exportFiles === false) return []
  const files: SubjectFile[] = []
  for (const row of rows) {
    const workspaceId = row[table.workspaceColumn]
    for (const column of table.fileColumns) {
      const key = row[column]
      if (typeof workspaceId === 'string' && typeof key === 'string' && isValidStorageKey(key)) {
        files.push({ source: table.source, table: table.table, workspaceId, key })
      }
    }
  }
  return files
}

/**
 * The files under the prefixes the sources declare (`{user_id}` filled in), in
 * every workspace whose storage may hold the subject's files: every membership,
 * and every workspace some declared row of theirs lives in.
 */
export async function subjectPrefixFiles(
  trx: TransactionClientContract,
  sources: PrivacySource[],
  userId: string,
  rowWorkspaces: Iterable<string>
): Promise<SubjectFile[]> {
  const prefixes = sources.flatMap(({ source, manifest }) =>
    (manifest.files ?? []).map((prefix) => ({
      source,
      prefix: prefix.replaceAll('{user_id}', userId).replace(/\/$/, ''),
    }))
  )
  if (!prefixes.length) return []
  const members = await rawQuery<{ workspace_id: string }>(
    trx,
    'select workspace_id from workspace_members where user_id = ?::uuid',
    [userId]
  )
  const workspaces = new Set([...members.rows.map((row) => row.workspace_id), ...rowWorkspaces])
  const files: SubjectFile[] = []
  for (const workspaceId of workspaces) {
    const storage = workspaceStorage(workspaceId)
    for (const { source, prefix } of prefixes) {
      for (const key of await storage.list(prefix)) {
        files.push({ source, table: null, workspaceId, key })
      }
    }
  }
  return files
}

/** JSON for export files: bytea as base64, bigint as string. */
export function exportJson(value: unknown) {
  return JSON.stringify(
    value,
    (_key, item) => {
      if (typeof item === 'bigint') return item.toString()
      if (item && typeof item === 'object' && item.type === 'Buffer' && Array.isArray(item.data)) {
        return Buffer.from(item.data).toString('base64')
      }
      return item
    },
    2
  )
}
