import { isUuid, rawQuery, tenant } from '#sdk'

/** One chunk's text with the document it comes from. */
export interface KnowledgeChunkText {
  chunkId: string
  documentId: string
  documentTitle: string
  content: string
}

/**
 * The text of the current workspace's chunks (RLS), in document order, up to
 * `limit` (default 2,000), optionally within some buckets: a corpus for
 * analyses that read the whole knowledge base (strategy keyword research),
 * where a ranked search would only see the top hits.
 */
export async function knowledgeChunkTexts(
  options: { bucketIds?: string[]; limit?: number } = {}
): Promise<KnowledgeChunkText[]> {
  const bucketIds = (options.bucketIds ?? []).filter((id) => isUuid(id))
  const limit = Math.min(Math.max(options.limit ?? 2000, 1), 10_000)
  const result = await rawQuery<{
    chunk_id: string
    document_id: string
    document_title: string
    content: string
  }>(
    tenant().trx,
    `select c.id as chunk_id, c.document_id, d.title as document_title, c.content
       from knowledge_chunks c
       join knowledge_documents d on d.workspace_id = c.workspace_id and d.id = c.document_id
      where (cardinality(?::uuid[]) = 0 or c.bucket_id = any(?::uuid[]))
      order by d.created_at, d.id, c.chunk_index
      limit ?`,
    [bucketIds, bucketIds, limit]
  )
  return result.rows.map((row) => ({
    chunkId: row.chunk_id,
    documentId: row.document_id,
    documentTitle: row.document_title,
    content: row.content,
  }))
}
