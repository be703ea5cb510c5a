import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, Problem, tenant, idParam } from '#sdk'
import { listChunksValidator, showChunkValidator } from '../validators/document_validator.js'
import { findDocumentOrFail } from '../services/document_rows.js'

const CHUNK_COLUMNS = [
  'id',
  'workspace_id',
  'document_id',
  'bucket_id',
  'chunk_index',
  'content',
  'content_hash',
  'token_count',
  'embedding_model',
  'metadata',
  'created_at',
]

/** The select list of chunks: embeddings only on request (as JSON arrays). */
function chunkSelect(trx: ReturnType<typeof tenant>['trx'], withEmbedding: boolean) {
  return [
    ...CHUNK_COLUMNS,
    trx.raw('(embedding is not null) as has_embedding'),
    ...(withEmbedding ? [trx.raw('embedding::text as embedding')] : []),
  ]
}

function chunkBody(row: Record<string, any>) {
  if (typeof row.embedding === 'string') row.embedding = JSON.parse(row.embedding)
  return row
}

/** Chunks of knowledge documents, read-only: a document's chunks in order, and one chunk. */
export default class KnowledgeChunksController {
  async index({ params, request }: HttpContext) {
    const id = idParam(params, 'Document')
    const query = await listChunksValidator.validate(request.qs())
    await findDocumentOrFail(id, { columns: ['id'] })
    const { trx, workspaceId } = tenant()
    const builder = trx
      .from('knowledge_chunks')
      .select(chunkSelect(trx, Boolean(query.include_embedding)))
      .where({ workspace_id: workspaceId!, document_id: id })
    const page = await keysetPage<Record<string, any>>(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys: [
        { column: 'chunk_index', cast: 'bigint' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
    return { data: page.data.map(chunkBody), next_cursor: page.next_cursor }
  }

  async show({ params, request }: HttpContext) {
    const id = idParam(params, 'Chunk')
    const query = await showChunkValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const row = await trx
      .from('knowledge_chunks')
      .select(chunkSelect(trx, Boolean(query.include_embedding)))
      .where({ id, workspace_id: workspaceId! })
      .first()
    if (!row) throw Problem.notFound('Chunk')
    return chunkBody(row)
  }
}
