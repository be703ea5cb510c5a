import { defineSchema, pageOf } from '#sdk'
import { DOCUMENT_STATUSES } from '../validators/document_validator.js'
import { KNOWLEDGE_FILE_TYPES } from '../services/extraction/file_types.js'

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

/** A knowledge document (the extracted `content` only on request). */
export const knowledgeDocument = defineSchema('KnowledgeDocument', {
  type: 'object',
  required: [
    'id',
    'workspace_id',
    'bucket_id',
    'title',
    'source_type',
    'status',
    'processing_stage',
    'chunk_count',
    'embedded_chunk_count',
    'has_original',
    'progress',
    'created_at',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    bucket_id: uuid,
    created_by: { type: ['string', 'null'], format: 'uuid' },
    title: { type: 'string' },
    summary: nullableText,
    source_type: { enum: ['upload', 'url', 'text'] },
    source_url: nullableText,
    file_name: nullableText,
    file_type: { enum: [...KNOWLEDGE_FILE_TYPES, null] },
    mime_type: nullableText,
    file_size: { type: ['integer', 'null'], minimum: 0 },
    source_hash: {
      type: ['string', 'null'],
      description: 'SHA-256 of the original bytes or raw text',
    },
    status: { enum: [...DOCUMENT_STATUSES] },
    processing_stage: { type: 'string' },
    processing_error: { ...nullableText, description: 'Why processing failed, readable' },
    chunk_count: count,
    embedded_chunk_count: count,
    token_count: count,
    processed_at: { type: ['string', 'null'], format: 'date-time' },
    metadata: { type: 'object' },
    has_original: {
      type: 'boolean',
      description: 'Whether GET .../original can download the source file',
    },
    progress: documentProgress,
    content: { type: 'string', description: 'Extracted text (with include_content=true)' },
    created_at: dateTime,
    updated_at: dateTime,
  },
})

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
