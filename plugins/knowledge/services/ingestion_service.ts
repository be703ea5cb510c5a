import { randomUUID } from 'node:crypto'
import { tenant, enqueue, rawQuery, workspaceStorage } from '#sdk'
import { MIME_TYPES, type KnowledgeFileType } from './extraction/file_types.js'
import { assertCanWrite } from './write_access.js'
import { assertBucketsExist } from './bucket_service.js'
import { deleteOriginals, findDocumentOrFail, originalKey, sourceHash } from './document_rows.js'
import { documentResource, type DocumentRow } from './document_resource.js'

/** Attempts of `knowledge/process_document` (network and provider hiccups retry; bad input does not). */
const PROCESS_MAX_ATTEMPTS = 3

/** A file the request received, already checked (type by extension and content). */
export interface IngestFile {
  bytes: Buffer
  type: KnowledgeFileType
  fileName: string
}

/** Where a document's content comes from. */
export type IngestSource =
  | { kind: 'text'; text: string }
  | { kind: 'url'; url: string }
  | { kind: 'upload'; file: IngestFile }

/** The columns describing a source (and its stored original), for an insert or a replacement. */
async function sourceColumns(documentId: string, source: IngestSource) {
  const { workspaceId } = tenant()
  const empty = {
    source_text: null,
    source_url: null,
    file_name: null,
    file_type: null,
    mime_type: null,
    file_size: null,
    upload_path: null,
    source_hash: null,
  }
  if (source.kind === 'text') {
    return {
      ...empty,
      source_type: 'text',
      source_text: source.text,
      source_hash: sourceHash(source.text),
    }
  }
  if (source.kind === 'url') return { ...empty, source_type: 'url', source_url: source.url }
  const { file } = source
  const hash = sourceHash(file.bytes)
  const key = originalKey(documentId, hash, file.type)
  await workspaceStorage(workspaceId!).put(key, file.bytes, MIME_TYPES[file.type])
  return {
    ...empty,
    source_type: 'upload',
    file_name: file.fileName.slice(0, 255),
    file_type: file.type,
    mime_type: MIME_TYPES[file.type],
    file_size: file.bytes.length,
    upload_path: key,
    source_hash: hash,
  }
}

/**
 * The document as the API answers it (document_resource.ts, without
 * `content`), as the `returning` list of the write itself: no second read.
 * Knex takes a raw list here; Lucid's type admits only column names.
 */
function documentReturning(): string {
  return tenant().trx.knexRawQuery(
    documentResource.sql(undefined, { omit: ['content'] })
  ) as unknown as string
}

/** Enqueues processing of the document's current run (one pending job per document). */
async function enqueueProcessing(documentId: string, run: string) {
  await enqueue(
    'knowledge/process_document',
    { document_id: documentId, run },
    {
      jobKey: `knowledge_document:${documentId}`,
      jobKeyMode: 'replace',
      maxAttempts: PROCESS_MAX_ATTEMPTS,
    }
  )
}

/** A default title: the file name, the URL, or the first line of the text. */
function defaultTitle(source: IngestSource) {
  if (source.kind === 'upload')
    return source.file.fileName.replace(/\.[A-Za-z0-9]{1,10}$/, '') || 'Untitled'
  if (source.kind === 'url') return source.url
  const firstLine = source.text
    .split('\n')
    .map((line) => line.replace(/^#+\s*/, '').trim())
    .find(Boolean)
  return firstLine ?? 'Untitled'
}

/**
 * Creates a document in a bucket of the current workspace from text, a URL
 * or an uploaded file (stored first, under the document's folder), in status
 * `processing`, and enqueues `knowledge/process_document` in the same
 * transaction. Returns the API body.
 */
export async function createDocument(input: {
  bucketId: string
  title?: string | null
  source: IngestSource
}) {
  assertCanWrite()
  await assertBucketsExist(
    [input.bucketId],
    'bucket_id',
    'No knowledge bucket with this id in this workspace'
  )
  const { trx, workspaceId, userId } = tenant()
  const id = randomUUID()
  const columns = await sourceColumns(id, input.source)
  try {
    const title = (input.title?.trim() || defaultTitle(input.source)).slice(0, 500)
    const run = randomUUID()
    const [row] = await trx
      .insertQuery()
      .table('knowledge_documents')
      .insert({
        id,
        workspace_id: workspaceId,
        bucket_id: input.bucketId,
        created_by: userId,
        title,
        ...columns,
        status: 'processing',
        processing_stage: 'queued',
        processing_run: run,
      })
      .returning(documentReturning())
    await enqueueProcessing(id, run)
    return row as DocumentRow
  } catch (error) {
    if (columns.upload_path) await workspaceStorage(workspaceId!).delete(columns.upload_path)
    throw error
  }
}

/**
 * Replaces a document's source (new text or a new file) and re-processes it.
 * The old content and chunks stay until processing swaps in the new ones;
 * chunks whose content did not change keep their embeddings. A superseded
 * original is removed by the processing job once the new one is in place.
 */
export async function replaceContent(documentId: string, source: IngestSource) {
  assertCanWrite()
  await findDocumentOrFail(documentId, { forUpdate: true, columns: ['id'] })
  const columns = await sourceColumns(documentId, source)
  return restartProcessing(documentId, columns)
}

/** Re-processes a document from its current source (any status). */
export async function reprocessDocument(documentId: string) {
  assertCanWrite()
  await findDocumentOrFail(documentId, { forUpdate: true, columns: ['id'] })
  return restartProcessing(documentId, {})
}

async function restartProcessing(documentId: string, columns: Record<string, unknown>) {
  const { trx, workspaceId } = tenant()
  const run = randomUUID()
  const [row] = await trx
    .from('knowledge_documents')
    .where({ id: documentId, workspace_id: workspaceId! })
    .update({
      ...columns,
      status: 'processing',
      processing_stage: 'queued',
      processing_error: null,
      processing_run: run,
    })
    .returning(documentReturning())
  await enqueueProcessing(documentId, run)
  return row as DocumentRow
}

/**
 * Deletes a document: its row, its chunks (foreign key cascade) and every
 * stored original under its folder. The files go after the rows, inside the
 * request, so a failure to delete them fails the request and keeps the rows.
 */
export async function deleteDocument(documentId: string) {
  assertCanWrite()
  const { trx, workspaceId } = tenant()
  await findDocumentOrFail(documentId, { forUpdate: true, columns: ['id'] })
  await rawQuery(
    trx,
    'delete from public.knowledge_documents where id = ?::uuid and workspace_id = ?::uuid',
    [documentId, workspaceId!]
  )
  await deleteOriginals(workspaceId!, documentId)
}
