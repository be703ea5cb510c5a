import { defineSchema, pageOf } from '#sdk'
import { documentResource } from '../services/document_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const nullableText = { type: ['string', 'null'] }
const dateTime = { type: 'string', format: 'date-time' }
const count = { type: 'integer', minimum: 0 }

/** Processing progress of a document. */
export const documentProgress = defineSchema('KnowledgeDocumentProgress', {
  type: 'object',
  required: ['stage', 'chunk_count', 'embedded_chunk_count', 'percent'],
  properties: {
    stage: {
      enum: ['queued', 'extracting', 'chunking', 'embedding', 'summarizing', 'done', 'failed'],
    },
    chunk_count: count,
    embedded_chunk_count: count,
    percent: {
      type: ['integer', 'null'],
      minimum: 0,
      maximum: 100,
      description: 'null when failed',
    },
  },
})

/** A knowledge document (the extracted `content` only on request; services/document_resource.ts). */
export const knowledgeDocument = documentResource.schema

/** A page of documents. */
export const knowledgeDocumentPage = pageOf('KnowledgeDocumentPage', knowledgeDocument)

/** A chunk of a document. */
export const knowledgeChunk = defineSchema('KnowledgeChunk', {
  type: 'object',
  required: [
    'id',
    'document_id',
    'bucket_id',
    'chunk_index',
    'content',
    'content_hash',
    'metadata',
    'has_embedding',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    document_id: uuid,
    bucket_id: uuid,
    chunk_index: { type: 'integer', minimum: 0 },
    content: { type: 'string' },
    content_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    token_count: { type: ['integer', 'null'] },
    has_embedding: { type: 'boolean' },
    embedding_model: nullableText,
    embedding: {
      type: ['array', 'null'],
      items: { type: 'number' },
      description: 'The vector (with include_embedding=true)',
    },
    metadata: {
      type: 'object',
      description:
        '{ headings: heading path, start/end: character offsets in the document content, page?: PDF page }',
      properties: {
        headings: { type: 'array', items: { type: 'string' } },
        start: { type: 'integer' },
        end: { type: 'integer' },
        page: { type: 'integer' },
      },
    },
    created_at: dateTime,
  },
})

/** A page of chunks. */
export const knowledgeChunkPage = pageOf('KnowledgeChunkPage', knowledgeChunk)
