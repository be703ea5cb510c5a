import type { Task } from 'graphile-worker'
import { jobTenantIdentity, withTenant, rawQuery, tenant, type TenantIdentity } from '#sdk'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'
import {
  finishDocument,
  isPermanentError,
  markFailed,
  readableError,
} from '../services/document_lifecycle.js'

type Identity = TenantIdentity & { userId: string; workspaceId: string }

interface Payload {
  document_id: string
  run: string
  chunk_ids: string[]
}

/** A chunk of the batch still without embedding, as read before the provider call. */
interface PendingChunk {
  id: string
  content: string
  content_hash: string
}

/**
 * The stage of the document's run, reading its row (locked when `lock`), or
 * null when it was deleted, re-ingested (another run) or stopped processing.
 */
async function currentStage(identity: Identity, documentId: string, run: string, lock: boolean) {
  const query = tenant()
    .trx.from('knowledge_documents')
    .select('processing_run', 'status', 'processing_stage')
    .where({ id: documentId, workspace_id: identity.workspaceId })
  if (lock) query.forUpdate()
  const document = await query.first()
  if (!document || document.processing_run !== run || document.status !== 'processing') return null
  return document.processing_stage as string
}

/**
 * `knowledge/embed_chunks`: embeds one batch of a document's chunks (those
 * of the batch that still have no embedding) through the AI gateway, stores
 * the vectors and the model, and updates the document's progress. The batch
 * that leaves no chunk without embedding moves the document to
 * `summarizing`; the summary and `ready` follow in a second transaction, so a
 * provider failure there retries without embedding again.
 *
 * No transaction stays open while a remote provider embeds: the batch's
 * pending chunks are read first, the gateway releases the transaction around
 * the call, and the vectors are written in the new one after locking the
 * document row and checking again that the run is current, so a document
 * deleted, replaced or re-ingested meanwhile gets no stale vectors (its
 * batch does nothing more; the call stays metered). Under that lock a
 * vector goes only to a chunk that still exists, has the content that was
 * embedded (content hash) and still has no embedding, and the counts are
 * taken from the chunks, so concurrent batches of one document keep the
 * progress exact and monotonic. Provider refusals (4xx) fail the document at
 * once; other errors retry, and the last attempt fails the document.
 */
const embedChunks: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as Payload & Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const { document_id: documentId, run } = payload
  const chunkIds = Array.isArray(payload.chunk_ids) ? payload.chunk_ids.map(String) : []
  try {
    const stage = await withTenant(identity, async () => {
      const before = await currentStage(identity, documentId, run, false)
      if (before !== 'embedding') return before
      const pending = await rawQuery<PendingChunk>(
        tenant().trx,
        `select id, content, content_hash from public.knowledge_chunks
          where workspace_id = ?::uuid and document_id = ?::uuid and id = any(?::uuid[]) and embedding is null
          order by chunk_index`,
        [identity.workspaceId, documentId, chunkIds]
      )
      // A remote provider answers with the transaction released (see aiGateway.embed).
      const embedded = pending.rows.length
        ? await embedForKnowledge(
            pending.rows.map((row) => row.content),
            'knowledge.ingest'
          )
        : null

      // Written in the transaction the gateway opened (tenant().trx), under the document's lock.
      const stageNow = await currentStage(identity, documentId, run, true)
      if (stageNow !== 'embedding') return stageNow
      const trx = tenant().trx
      let written = 0
      if (embedded) {
        const stored = await rawQuery(
          trx,
          `update public.knowledge_chunks c set embedding = v.embedding::vector, embedding_model = ?
             from jsonb_to_recordset(?::jsonb) as v(id uuid, content_hash text, embedding text)
            where c.id = v.id and c.workspace_id = ?::uuid and c.document_id = ?::uuid
              and c.content_hash = v.content_hash and c.embedding is null`,
          [
            embedded.model,
            JSON.stringify(
              pending.rows.map((row, index) => ({
                id: row.id,
                content_hash: row.content_hash,
                embedding: vectorParam(embedded.vectors[index]),
              }))
            ),
            identity.workspaceId,
            documentId,
          ]
        )
        written = stored.rowCount ?? 0
      }
      const counts = await rawQuery<{ total: number; embedded: number }>(
        trx,
        `update public.knowledge_documents d
            set embedded_chunk_count = c.embedded, chunk_count = c.total,
                processing_stage = case when c.embedded = c.total then 'summarizing' else d.processing_stage end
           from (select count(*)::int as total, count(embedding)::int as embedded
                   from public.knowledge_chunks where workspace_id = ?::uuid and document_id = ?::uuid) c
          where d.id = ?::uuid and d.workspace_id = ?::uuid
          returning c.total, c.embedded`,
        [identity.workspaceId, documentId, documentId, identity.workspaceId]
      )
      const { total, embedded: done } = counts.rows[0]
      helpers.logger.info(
        `knowledge document ${documentId}: ${written} chunks embedded (${done}/${total})`
      )
      return done === total ? 'summarizing' : 'embedding'
    })
    if (stage === 'summarizing') await withTenant(identity, () => finishDocument(documentId, run))
  } catch (error) {
    const last = helpers.job.attempts >= helpers.job.max_attempts
    if (!isPermanentError(error) && !last) throw error
    await withTenant(identity, () => markFailed(documentId, run, readableError(error)))
  }
}
export default embedChunks
