import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { rawQuery } from '#sdk'
import type { TextChunk } from './chunker.js'

/** Result of replacing a document's chunks. */
export interface ChunkSyncResult {
  /** Chunks whose content (hash) existed before and kept their row and embedding. */
  kept: number
  inserted: number
  deleted: number
  /** Ids of the chunks that still need an embedding, in chunk order. */
  toEmbed: string[]
  embedded: number
}

interface ExistingChunk {
  id: string
  content_hash: string
  embedded: boolean
}

const INSERT_BATCH = 500

/**
 * Replaces a document's chunks with `chunks` in the current transaction,
 * diffing by content hash: a chunk whose hash already exists keeps its row,
 * id and embedding (only its index, offsets and metadata change, even when it
 * moved: the unique (document_id, chunk_index) constraint is deferred for
 * this), new hashes become new rows without embedding, and chunks that no
 * longer occur are deleted. Embeddings of another model than `model` are
 * cleared so they are computed again.
 */
export async function syncChunks(
  trx: TransactionClientContract,
  document: { id: string; workspace_id: string; bucket_id: string },
  chunks: TextChunk[],
  model: string
): Promise<ChunkSyncResult> {
  const scope = [document.workspace_id, document.id]
  const existing = await rawQuery<ExistingChunk>(
    trx,
    `select id, content_hash, (embedding is not null and embedding_model = ?) as embedded
       from public.knowledge_chunks where workspace_id = ?::uuid and document_id = ?::uuid
      order by chunk_index`,
    [model, ...scope]
  )
  // Rows per hash, embedded ones first, so duplicates reuse embeddings before blank rows.
  const pool = new Map<string, ExistingChunk[]>()
  for (const row of existing.rows) {
    const list = pool.get(row.content_hash) ?? []
    list.push(row)
    pool.set(row.content_hash, list)
  }
  for (const list of pool.values()) list.sort((a, b) => Number(b.embedded) - Number(a.embedded))

  const kept: Array<{ id: string; chunk_index: number; token_count: number; metadata: unknown }> =
    []
  const fresh: Array<{ chunk: TextChunk; index: number }> = []
  chunks.forEach((chunk, index) => {
    const row = pool.get(chunk.contentHash)?.shift()
    if (row) {
      kept.push({
        id: row.id,
        chunk_index: index,
        token_count: chunk.tokenCount,
        metadata: metadataOf(chunk),
      })
    } else {
      fresh.push({ chunk, index })
    }
  })
  const stale = [...pool.values()].flat().map((row) => row.id)

  await rawQuery(trx, 'set constraints public.knowledge_chunks_document_index_key deferred')
  if (stale.length) {
    await rawQuery(
      trx,
      'delete from public.knowledge_chunks where workspace_id = ?::uuid and document_id = ?::uuid and id = any(?::uuid[])',
      [...scope, stale]
    )
  }
  if (kept.length) {
    await rawQuery(
      trx,
      `update public.knowledge_chunks c
          set chunk_index = v.chunk_index, token_count = v.token_count, metadata = v.metadata,
              embedding = case when c.embedding_model = ? then c.embedding end,
              embedding_model = case when c.embedding_model = ? then c.embedding_model end
         from jsonb_to_recordset(?::jsonb) as v(id uuid, chunk_index integer, token_count integer, metadata jsonb)
        where c.id = v.id and c.workspace_id = ?::uuid and c.document_id = ?::uuid`,
      [model, model, JSON.stringify(kept), ...scope]
    )
  }
  for (let offset = 0; offset < fresh.length; offset += INSERT_BATCH) {
    const rows = fresh.slice(offset, offset + INSERT_BATCH).map(({ chunk, index }) => ({
      chunk_index: index,
      content: chunk.content,
      content_hash: chunk.contentHash,
      token_count: chunk.tokenCount,
      metadata: metadataOf(chunk),
    }))
    await rawQuery(
      trx,
      `insert into public.knowledge_chunks
         (workspace_id, document_id, bucket_id, chunk_index, content, content_hash, token_count, metadata)
       select ?::uuid, ?::uuid, ?::uuid, r.chunk_index, r.content, r.content_hash, r.token_count, r.metadata
         from jsonb_to_recordset(?::jsonb) as r(chunk_index integer, content text, content_hash text,
              token_count integer, metadata jsonb)`,
      [document.workspace_id, document.id, document.bucket_id, JSON.stringify(rows)]
    )
  }
  // Checked now rather than at COMMIT, so a clash is reported here.
  await rawQuery(trx, 'set constraints public.knowledge_chunks_document_index_key immediate')

  const pending = await rawQuery<{ id: string }>(
    trx,
    `select id from public.knowledge_chunks
      where workspace_id = ?::uuid and document_id = ?::uuid and embedding is null order by chunk_index`,
    scope
  )
  return {
    kept: kept.length,
    inserted: fresh.length,
    deleted: stale.length,
    toEmbed: pending.rows.map((row) => row.id),
    embedded: chunks.length - pending.rows.length,
  }
}

/** The chunk metadata contract: heading path, character offsets in the content, page (PDF). */
function metadataOf(chunk: TextChunk) {
  return {
    headings: chunk.headings,
    start: chunk.start,
    end: chunk.end,
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
  }
}
