import type { JobHelpers, Task } from 'graphile-worker'
import {
  jobTenantIdentity,
  tenantCrashHandler,
  withTenant,
  type TenantIdentity,
  workspaceStorage,
} from '#sdk'
import knowledgeConfig from '../knowledge_config.js'
import { normalizeText, type ExtractedText } from '../services/extraction/text_extractor.js'
import { chunkIsolated, extractIsolated } from '../services/extraction/isolated_extraction.js'
import { ExtractionError } from '../services/extraction/extraction_error.js'
import { MIME_TYPES, type KnowledgeFileType } from '../services/extraction/file_types.js'
import { fetchDocument } from '../services/url_fetcher.js'
import { syncChunks } from '../services/chunk_sync.js'
import { embedForKnowledge } from '../services/embedding_service.js'
import { deleteOriginals, originalKey, sourceHash } from '../services/document_rows.js'
import {
  enqueueEmbedBatches,
  finishDocument,
  isPermanentError,
  markFailed,
  readableError,
} from '../services/document_lifecycle.js'

type Identity = TenantIdentity & { userId: string; workspaceId: string }

interface Payload {
  document_id: string
  run: string
}

/** Source of a document as read at the start of a run. */
interface Source {
  id: string
  workspace_id: string
  source_type: 'text' | 'url' | 'upload'
  source_text: string | null
  source_url: string | null
  upload_path: string | null
  file_type: KnowledgeFileType | null
}

/** Columns a URL import fills in once the document is downloaded. */
type FetchedColumns = Record<string, string | number | null>

/**
 * `knowledge/process_document`: extracts the text of one document run
 * (downloading it first for URL imports), chunks it, swaps the chunks in
 * (keeping the embeddings of unchanged ones) and enqueues the embedding
 * batches, or (in a second transaction) finishes the document at once when
 * nothing needs embedding.
 *
 * Network and CPU work happens between short transactions (stage updates are
 * committed so progress shows, and the embedded database is never held during
 * a download). Extraction and chunking run in an isolated worker thread with
 * heap and time limits (extractIsolated), so a hostile file fails its document
 * and never stalls or kills the server. Each step re-checks the run, so a superseded run stops.
 * Unusable input fails the document without retrying; other errors retry and
 * fail the document on the last attempt. Never leaves old and new chunks mixed:
 * the swap is one transaction.
 */
const processDocument: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as Payload & Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const { document_id: documentId, run } = payload
  try {
    await runProcessing(identity, documentId, run, helpers)
  } catch (error) {
    const last = helpers.job.attempts >= helpers.job.max_attempts
    if (!isPermanentError(error) && !last) throw error
    helpers.logger.info(
      `knowledge document ${documentId} failed: ${(error as Error)?.message ?? error}`
    )
    await withTenant(identity, () => markFailed(documentId, run, readableError(error)))
  }
}
export default processDocument

/** The document's processing crashed the worker twice (poison-job rule): it fails with the reason. */
export const onRepeatedCrash = tenantCrashHandler<Payload & Record<string, unknown>>(
  async ({ document_id: documentId, run }, reason) => markFailed(documentId, run, reason)
)

/** Moves the run to a stage if it is still current; returns the row or null when superseded. */
function enterStage(identity: Identity, documentId: string, run: string, stage: string) {
  return withTenant(identity, async ({ trx }) => {
    const rows = await trx
      .from('knowledge_documents')
      .where({
        id: documentId,
        workspace_id: identity.workspaceId,
        processing_run: run,
        status: 'processing',
      })
      .update({ processing_stage: stage })
      .returning([
        'id',
        'workspace_id',
        'source_type',
        'source_text',
        'source_url',
        'upload_path',
        'file_type',
      ])
    return (rows[0] as Source | undefined) ?? null
  })
}

async function runProcessing(
  identity: Identity,
  documentId: string,
  run: string,
  helpers: JobHelpers
) {
  const source = await enterStage(identity, documentId, run, 'extracting')
  if (!source) return
  const { extracted, fetched } = await extract(source)

  if (!(await enterStage(identity, documentId, run, 'chunking'))) {
    if (fetched) await dropDownloadOfDeletedDocument(identity, documentId)
    return
  }
  const chunks = await chunkIsolated(extracted.text, {
    chunkTokens: knowledgeConfig.chunkTokens,
    overlapTokens: knowledgeConfig.overlapTokens,
    pages: extracted.pages,
  })
  if (chunks.length === 0) throw new ExtractionError('The document contains no text')

  const outcome = await withTenant(identity, async ({ trx }) => {
    const document = await trx
      .from('knowledge_documents')
      .select(
        'id',
        'workspace_id',
        'bucket_id',
        'processing_run',
        'status',
        'upload_path',
        'title',
        'source_url'
      )
      .where({ id: documentId, workspace_id: identity.workspaceId })
      .forUpdate()
      .first()
    if (!document) return 'deleted'
    if (document.processing_run !== run || document.status !== 'processing') return 'stale'
    // The model's name only: no texts, so no provider is called (this lock stays held).
    const { model } = await embedForKnowledge([], 'knowledge.ingest')
    const sync = await syncChunks(trx, document, chunks, model)
    const tokenCount = chunks.reduce((sum, chunk) => sum + chunk.tokenCount, 0)
    await trx
      .from('knowledge_documents')
      .where({ id: documentId, workspace_id: identity.workspaceId })
      .update({
        content: extracted.text,
        token_count: tokenCount,
        chunk_count: chunks.length,
        embedded_chunk_count: sync.embedded,
        processing_stage: sync.toEmbed.length ? 'embedding' : 'summarizing',
        metadata: trx.raw(`metadata || ?::jsonb`, [
          JSON.stringify({
            ingestion: {
              kept_chunks: sync.kept,
              new_chunks: sync.inserted,
              removed_chunks: sync.deleted,
            },
            ...(extracted.pages ? { pages: extracted.pages.length } : {}),
          }),
        ]),
        ...(fetched ?? {}),
        // A URL import named after its URL takes the page's title.
        ...(extracted.title && document.source_url && document.title === document.source_url
          ? { title: extracted.title.slice(0, 500) }
          : {}),
      })
    if (sync.toEmbed.length) await enqueueEmbedBatches(documentId, run, sync.toEmbed)
    // Under the row lock: a concurrent replacement waits, so its new file is never taken for an old one.
    const current = (fetched?.upload_path as string | undefined) ?? document.upload_path
    await removeStaleOriginals(identity.workspaceId, documentId, current, helpers)
    helpers.logger.info(
      `knowledge document ${documentId}: ${chunks.length} chunks (${sync.kept} kept, ${sync.inserted} new, ${sync.deleted} removed)`
    )
    return sync.toEmbed.length ? 'embedding' : 'finish'
  })
  // The summary (an AI call, metered in the tenant transaction) runs in its own
  // transaction, as after the last embedding batch: the swap is committed first
  // and a summary failure does not roll it back.
  if (outcome === 'finish') await withTenant(identity, () => finishDocument(documentId, run))
  // The document is gone: its deletion may have listed the folder before this download landed.
  if (outcome === 'deleted' && fetched) await deleteOriginals(identity.workspaceId, documentId)
}

/**
 * A URL import stores its download before it knows whether its run is still
 * current. If the document was deleted meanwhile (its deletion may have
 * listed the folder before the download landed), nothing else would remove
 * that file: remove the folder's files now. A document that still exists
 * keeps them (its next run removes what is stale).
 */
async function dropDownloadOfDeletedDocument(identity: Identity, documentId: string) {
  const exists = await withTenant(identity, ({ trx }) =>
    trx
      .from('knowledge_documents')
      .select('id')
      .where({ id: documentId, workspace_id: identity.workspaceId })
      .first()
  )
  if (!exists) await deleteOriginals(identity.workspaceId, documentId)
}

/** Text of the source: the raw text, the stored original, or the URL downloaded now. */
async function extract(
  source: Source
): Promise<{ extracted: ExtractedText; fetched?: FetchedColumns }> {
  if (source.source_type === 'text') {
    const text = normalizeText(source.source_text ?? '')
    if (!text) throw new ExtractionError('The document contains no text')
    return { extracted: { text } }
  }
  const storage = workspaceStorage(source.workspace_id)
  if (source.source_type === 'upload') {
    // A missing original cannot come back (fail at once); any other storage error retries.
    if (!source.upload_path || !source.file_type || !(await storage.exists(source.upload_path))) {
      throw new ExtractionError('The original file of this document is no longer stored')
    }
    const bytes = await storage.getBytes(source.upload_path)
    return { extracted: await extractIsolated(source.file_type, bytes) }
  }
  const fetched = await fetchDocument(source.source_url!, knowledgeConfig.maxFileBytes)
  const extracted = await extractIsolated(fetched.type, fetched.bytes)
  const hash = sourceHash(fetched.bytes)
  const key = originalKey(source.id, hash, fetched.type)
  await storage.put(key, fetched.bytes, MIME_TYPES[fetched.type])
  return {
    extracted,
    fetched: {
      upload_path: key,
      file_type: fetched.type,
      mime_type: MIME_TYPES[fetched.type],
      file_size: fetched.bytes.length,
      file_name: fetched.fileName ?? `download.${fetched.type}`,
      source_hash: hash,
    },
  }
}

/** Deletes originals of earlier versions (replaced uploads, earlier downloads) once the new one is in. */
async function removeStaleOriginals(
  workspaceId: string,
  documentId: string,
  current: string | null,
  helpers: JobHelpers
) {
  try {
    await deleteOriginals(workspaceId, documentId, { keep: current })
  } catch (error) {
    helpers.logger.warn(
      `knowledge document ${documentId}: old originals not removed: ${(error as Error).message}`
    )
  }
}
