import { createHash } from 'node:crypto'
import { tenant, Problem, workspaceStorage } from '#sdk'

/** Columns of a document as the API shows it (never the source text, the storage key or the run id). */
export const DOCUMENT_COLUMNS = [
  'id',
  'workspace_id',
  'bucket_id',
  'created_by',
  'title',
  'summary',
  'source_type',
  'source_url',
  'file_name',
  'file_type',
  'mime_type',
  'file_size',
  'source_hash',
  'status',
  'processing_stage',
  'processing_error',
  'chunk_count',
  'embedded_chunk_count',
  'token_count',
  'processed_at',
  'metadata',
  'created_at',
  'updated_at',
] as const

/** Processing stages in order, with the share of the work done when each starts. */
const STAGE_PERCENT: Record<string, number> = {
  queued: 0,
  extracting: 5,
  chunking: 15,
  embedding: 20,
  summarizing: 95,
  done: 100,
}

/** Progress of a document as the API shows it. */
export interface DocumentProgress {
  stage: string
  chunk_count: number
  embedded_chunk_count: number
  /** 0-100; null when processing failed. */
  percent: number | null
}

/** Stage, counts and a percentage (embedding, the long part, counts per chunk). */
export function documentProgress(row: Record<string, any>): DocumentProgress {
  const stage = row.processing_stage as string
  const chunks = Number(row.chunk_count)
  const embedded = Number(row.embedded_chunk_count)
  let percent: number | null = stage === 'failed' ? null : (STAGE_PERCENT[stage] ?? 0)
  if (stage === 'embedding' && chunks > 0) percent = 20 + Math.floor((75 * embedded) / chunks)
  return { stage, chunk_count: chunks, embedded_chunk_count: embedded, percent }
}

/** A document row as the API answers it: columns, `has_original` and `progress`. */
export function documentBody(row: Record<string, any>, options: { content?: boolean } = {}) {
  const body: Record<string, unknown> = {}
  for (const column of DOCUMENT_COLUMNS) body[column] = row[column] ?? null
  body.file_size =
    row.file_size === null || row.file_size === undefined ? null : Number(row.file_size)
  body.has_original = Boolean(row.upload_path)
  body.progress = documentProgress(row)
  if (options.content) body.content = row.content ?? ''
  return body
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
