import { createHash } from 'node:crypto'
import { tenant, Problem, workspaceStorage } from '#sdk'
import { documentResource, type DocumentRow } from './document_resource.js'

/**
 * The document with this id in the current workspace as the API answers it
 * (see document_resource.ts; `content` only on request), or a 404 problem.
 */
export async function documentBody(
  id: string,
  options: { content?: boolean } = {}
): Promise<DocumentRow> {
  const { trx, workspaceId } = tenant()
  const row = await documentResource
    .query(trx, undefined, { omit: options.content ? [] : ['content'] })
    .where({ id, workspace_id: workspaceId! })
    .first()
  if (!row) throw Problem.notFound('Document')
  return row
}

/**
 * The document with this id in the current workspace, or a 404 problem.
 * Reads only `columns` (every column by default: the text columns can be
 * large, so a mere existence check or lock asks for `id`).
 */
export async function findDocumentOrFail(
  id: string,
  options: { forUpdate?: boolean; columns?: string[] } = {}
) {
  const { trx, workspaceId } = tenant()
  const query = trx
    .from('knowledge_documents')
    .select(options.columns ?? ['*'])
    .where({ id, workspace_id: workspaceId! })
  if (options.forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('Document')
  return row as Record<string, any>
}

/** SHA-256 (hex) of a document's source: names its stored original and detects changes. */
export function sourceHash(data: string | Buffer) {
  return createHash('sha256').update(data).digest('hex')
}

/** Storage folder (workspace-relative) of a document's originals. */
function documentFolder(documentId: string) {
  return `knowledge/documents/${documentId.toLowerCase()}`
}

/** Storage key of one version of a document's original (named by its hash, so versions never collide). */
export function originalKey(documentId: string, hash: string, fileType: string) {
  return `${documentFolder(documentId)}/original-${hash.slice(0, 16)}.${fileType}`
}

/**
 * Deletes the stored originals of a document (the files under its folder),
 * all of them once its row is gone (document and bucket deletion, a job that
 * finds its document deleted after it stored a download), or all but `keep`
 * when a new version replaced them (processing).
 */
export async function deleteOriginals(
  workspaceId: string,
  documentId: string,
  options: { keep?: string | null } = {}
) {
  const storage = workspaceStorage(workspaceId)
  for (const key of await storage.list(documentFolder(documentId))) {
    if (key !== options.keep) await storage.delete(key)
  }
}
