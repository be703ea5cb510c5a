import { createHash } from 'node:crypto'
import { withTenant } from '#core/tenancy/tenant_transaction'
import { rawQuery } from '#core/database/raw_query'
import { tenant } from '#core/tenancy/tenant_context'
import type { TestAccount } from '#tests/helpers/accounts'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'

/** Runs `fn` in the account's personal workspace as that user. */
export function asAccount<T>(account: TestAccount, fn: () => Promise<T>) {
  return withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () => fn())
}

/**
 * Inserts a general bucket straight into the account's personal workspace (as
 * that user, under RLS): for tests of search and answers that need stored
 * chunks without going through ingestion.
 */
export async function insertBucket(account: TestAccount, name: string): Promise<string> {
  return asAccount(account, async () => {
    const result = await rawQuery(
      tenant().trx,
      `insert into public.knowledge_buckets (workspace_id, created_by, name, bucket_type)
       values (?, ?, ?, 'general') returning id`,
      [account.personalWorkspaceId, account.id, name]
    )
    return result.rows[0].id as string
  })
}

/**
 * Inserts a ready document whose chunks are the given texts, embedded with the
 * knowledge embedding service (the local provider in tests). Returns the ids.
 */
export async function insertDocumentWithChunks(
  account: TestAccount,
  bucketId: string,
  title: string,
  chunks: string[]
): Promise<{ documentId: string; chunkIds: string[] }> {
  return asAccount(account, async () => {
    const trx = tenant().trx
    const { vectors, model } = await embedForKnowledge(chunks, 'knowledge.ingest')
    const document = await rawQuery(
      trx,
      `insert into public.knowledge_documents
         (workspace_id, bucket_id, created_by, title, content, source_type, status, processing_stage,
          chunk_count, embedded_chunk_count, processed_at)
       values (?, ?, ?, ?, ?, 'text', 'ready', 'done', ?, ?, now()) returning id`,
      [
        account.personalWorkspaceId,
        bucketId,
        account.id,
        title,
        chunks.join('\n\n'),
        chunks.length,
        chunks.length,
      ]
    )
    const documentId = document.rows[0].id as string
    const chunkIds: string[] = []
    for (const [index, content] of chunks.entries()) {
      const row = await rawQuery(
        trx,
        `insert into public.knowledge_chunks
           (workspace_id, document_id, bucket_id, chunk_index, content, content_hash, token_count,
            embedding, embedding_model)
         values (?, ?, ?, ?, ?, ?, ?, ?::vector, ?) returning id`,
        [
          account.personalWorkspaceId,
          documentId,
          bucketId,
          index,
          content,
          createHash('sha256').update(content).digest('hex'),
          content.split(/\s+/).length,
          vectorParam(vectors[index]),
          model,
        ]
      )
      chunkIds.push(row.rows[0].id as string)
    }
    return { documentId, chunkIds }
  })
}
