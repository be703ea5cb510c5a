import type { TestAccount } from '#tests/helpers/accounts'
import { serviceRows } from '#tests/helpers/service_rows'
import { insertBucket, insertDocumentWithChunks } from './helpers.js'

/** A small marketing knowledge base: documents of a few chunks on distinct topics. */
export const POLICIES = {
  'Refund policy': [
    'Refunds are processed within 14 days of receiving the returned item.',
    'Sale items can be exchanged for store credit but are never refunded in cash.',
  ],
  'Shipping guide': [
    'Shipping is free for orders above 50 euros within the European Union.',
    'Express delivery costs 9 euros and arrives in two business days.',
  ],
  'Brand voice': [
    'Our brand voice is friendly, direct and free of jargon.',
    'Headlines use sentence case and avoid exclamation marks.',
  ],
}

/** Another tenant's take on the same topics, so identical questions find something there too. */
export const OTHER_POLICIES = {
  'Refund rules': [
    'Refunds take 30 days and are only given for damaged items.',
    'Refunds for sale items are paid as vouchers.',
  ],
}

/** Inserts the documents of `corpus` in a new bucket of the account; returns every chunk id by text. */
export async function seedKnowledge(
  account: TestAccount,
  corpus: Record<string, string[]>,
  bucketName = 'Policies'
) {
  const bucketId = await insertBucket(account, bucketName)
  const chunks = new Map<string, string>()
  const documents = new Map<string, string>()
  for (const [title, texts] of Object.entries(corpus)) {
    const { documentId, chunkIds } = await insertDocumentWithChunks(account, bucketId, title, texts)
    documents.set(title, documentId)
    texts.forEach((text, index) => chunks.set(chunkIds[index], text))
  }
  return { bucketId, chunks, documents }
}

/**
 * The chunks with these ids as the database holds them (read as app_service),
 * with the workspace they belong to: to check citations against the truth.
 */
export async function chunkRows(ids: string[]) {
  if (!ids.length) return []
  return serviceRows(
    `select c.id, c.workspace_id, c.document_id, c.bucket_id, c.content, d.title
       from knowledge_chunks c join knowledge_documents d on d.id = c.document_id
      where c.id = any(?::uuid[])`,
    [ids]
  )
}

/** The `[n]` numbers an answer text uses. */
export function markerNumbers(text: string) {
  const numbers = new Set<number>()
  for (const marker of text.match(/\[[\d,\s]+\]/g) ?? []) {
    for (const n of marker.match(/\d+/g) ?? []) numbers.add(Number(n))
  }
  return [...numbers].sort((a, b) => a - b)
}
