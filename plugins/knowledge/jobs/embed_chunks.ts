import type { Task } from 'graphile-worker'
import { jobTenantIdentity, withTenant, rawQuery } from '#sdk'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'
import {
  finishDocument,
  isPermanentError,
  markFailed,
  readableError,
} from '../services/document_lifecycle.js'

interface Payload {
  document_id: string
  run: string
  chunk_ids: string[]
}

/**
 * `knowledge/embed_chunks`: embeds one batch of a document's chunks (those
 * of the batch that still have no embedding) through the AI gateway, stores
 * the vectors and the model, and updates the document's progress. The batch
 * that leaves no chunk without embedding moves the document to
 * `summarizing`; the summary and `ready` follow in a second transaction, so a
 * provider failure there retries without embedding again.
 *
 * The document row is locked first, so batches of one document never race on
 * the counts; a batch of a superseded run does nothing. Provider refusals
 * (4xx) fail the document at once; other errors retry, and the last attempt
 * fails the document.
 */
const embedChunks: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as Payload & Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const { document_id: documentId, run } = payload
  const chunkIds = Array.isArray(payload.chunk_ids) ? payload.chunk_ids.map(String) : []
  try {
    const stage = await withTenant(identity, async ({ trx }) => {
      const document = await trx
        .from('knowledge_documents')
        .select('processing_run', 'status', 'processing_stage')
        .where({ id: documentId, workspace_id: identity.workspaceId })
        .forUpdate()
        .first()
      if (!document || document.processing_run !== run || document.status !== 'processing')
        return null
      if (document.processing_stage !== 'embedding') return document.processing_stage as string
      const pending = await rawQuery<{ id: string; content: string }>(
        trx,
        `select id, content from public.knowledge_chunks
          where workspace_id = ?::uuid and document_id = ?::uuid and id = any(?::uuid[]) and embedding is null
          order by chunk_index`,
        [identity.workspaceId, documentId, chunkIds]
      )
      if (pending.rows.length) {
        const { vectors, model } = await embedForKnowledge(
          pending.rows.map((row) => row.content),
          'knowledge.ingest'
        )
        await rawQuery(
          trx,
          `update public.knowledge_chunks c set embedding = v.embedding::vector, embedding_model = ?
             from jsonb_to_recordset(?::jsonb) as v(id uuid, embedding text)
            where c.id = v.id and c.workspace_id = ?::uuid and c.document_id = ?::uuid`,
          [
            model,
            JSON.stringify(
              pending.rows.map((row, index) => ({
                id: row.id,
                embedding: vectorParam(vectors[index]),
              }))
            ),
            identity.workspaceId,
            documentId,
          ]
        )
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
      const { total, embedded } = counts.rows[0]
      helpers.logger.info(
        `knowledge document ${documentId}: ${pending.rows.length} chunks embedded (${embedded}/${total})`
      )
      return embedded === total ? 'summarizing' : 'embedding'
    })
    if (stage === 'summarizing') await withTenant(identity, () => finishDocument(documentId, run))
  } catch (error) {
    const last = helpers.job.attempts >= helpers.job.max_attempts
    if (!isPermanentError(error) && !last) throw error
    await withTenant(identity, () => markFailed(documentId, run, readableError(error)))
  }
}
export default embedChunks
