import { tenant, rawQuery, enqueue, emitEvent, aiGateway, AiGatewayError } from '#sdk'
import knowledgeConfig from '../knowledge_config.js'
import { ExtractionError } from './extraction/extraction_error.js'

/** Attempts of one `knowledge/embed_chunks` job (provider errors are often transient). */
const EMBED_MAX_ATTEMPTS = 5

/** Characters of the content sent to the model for the summary. */
const SUMMARY_INPUT_CHARS = 12_000

/**
 * Whether retrying cannot help: unusable input (ExtractionError) or a
 * provider refusal that is not about load (4xx other than 429).
 */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof ExtractionError) return true
  if (error instanceof AiGatewayError) {
    const status = (error as { status?: number }).status ?? 500
    return status < 500 && status !== 429
  }
  return false
}

/**
 * The `processing_error` a user reads for a failure. Internal errors (the
 * database, storage, a bug) are not described: their details go to the
 * worker log, never to the API.
 */
export function readableError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const text =
    error instanceof ExtractionError
      ? message
      : error instanceof AiGatewayError
        ? `The AI provider could not process the document: ${message}`
        : 'Processing failed because of an internal error; try again later or re-process the document'
  return text.slice(0, 2000)
}

/**
 * Marks the document failed (stage `failed`, the readable error) if it is
 * still processing the given run, and emits `knowledge_document.failed`.
 * Runs in the current tenant transaction.
 */
export async function markFailed(documentId: string, run: string, message: string) {
  const { trx, workspaceId } = tenant()
  const result = await rawQuery(
    trx,
    `update public.knowledge_documents
        set status = 'failed', processing_stage = 'failed', processing_error = ?
      where id = ?::uuid and workspace_id = ?::uuid and processing_run = ?::uuid and status = 'processing'
      returning id, bucket_id, title, source_type`,
    [message, documentId, workspaceId!, run]
  )
  const row = result.rows[0]
  if (!row) return
  await emitEvent('knowledge_document.failed', {
    id: row.id,
    bucket_id: row.bucket_id,
    title: row.title,
    source_type: row.source_type,
    error: message,
  })
}

/** Enqueues the embedding of these chunks in jobs of `embedBatchSize` chunks each. */
export async function enqueueEmbedBatches(documentId: string, run: string, chunkIds: string[]) {
  const size = Math.max(1, knowledgeConfig.embedBatchSize)
  for (let offset = 0; offset < chunkIds.length; offset += size) {
    await enqueue(
      'knowledge/embed_chunks',
      { document_id: documentId, run, chunk_ids: chunkIds.slice(offset, offset + size) },
      { maxAttempts: EMBED_MAX_ATTEMPTS }
    )
  }
}

/**
 * Last step of processing, in the current tenant transaction: a summary of
 * the content through the AI gateway (purpose `knowledge.summary`), status
 * `ready`, and `knowledge_document.ready`. Does nothing if the run is stale.
 */
export async function finishDocument(documentId: string, run: string) {
  const { trx, workspaceId } = tenant()
  const document = await trx
    .from('knowledge_documents')
    .select('id', 'bucket_id', 'title', 'content', 'source_type', 'processing_run', 'status')
    .where({ id: documentId, workspace_id: workspaceId! })
    .forUpdate()
    .first()
  if (!document || document.processing_run !== run || document.status !== 'processing') return
  const excerpt = String(document.content).slice(0, SUMMARY_INPUT_CHARS)
  // The instruction travels as the system prompt and the message is the
  // document alone, so an extractive (local) summary quotes only the document.
  const summary = await aiGateway.generateText({
    purpose: 'knowledge.summary',
    system:
      `You summarise documents of a knowledge base in three to five plain sentences: what the document is about and its key facts. No preamble. ` +
      `The user message is the document titled "${document.title}".`,
    messages: [{ role: 'user', content: excerpt }],
    maxOutputTokens: 300,
  })
  // A remote summary is written with no transaction open (the lock above is
  // gone): the update applies only if the same run is still processing.
  const counts = await rawQuery(
    tenant().trx,
    `update public.knowledge_documents d
        set status = 'ready', processing_stage = 'done', processing_error = null, processed_at = now(),
            summary = ?, chunk_count = c.total, embedded_chunk_count = c.embedded
       from (select count(*)::int as total, count(embedding)::int as embedded
               from public.knowledge_chunks where workspace_id = ?::uuid and document_id = ?::uuid) c
      where d.id = ?::uuid and d.workspace_id = ?::uuid
        and d.processing_run = ? and d.status = 'processing'
      returning d.chunk_count`,
    [summary.text.trim() || null, workspaceId!, documentId, documentId, workspaceId!, run]
  )
  if (!counts.rows.length) return
  await emitEvent('knowledge_document.ready', {
    id: document.id,
    bucket_id: document.bucket_id,
    title: document.title,
    source_type: document.source_type,
    chunk_count: counts.rows[0]?.chunk_count ?? 0,
  })
}
