import { defineSchema, pageOf } from '#sdk'
import { ACCESS_LOG_COLUMNS } from '../services/search_service.js'

const uuid = { type: 'string', format: 'uuid' }
const nullableUuid = { type: ['string', 'null'], format: 'uuid' }

/** One ranked chunk of a knowledge search. */
export const searchHit = defineSchema('KnowledgeSearchHit', {
  type: 'object',
  required: [
    'chunk_id',
    'document_id',
    'bucket_id',
    'bucket_name',
    'document_title',
    'chunk_index',
    'content',
    'snippet',
    'score',
    'similarity',
    'text_rank',
    'metadata',
  ],
  properties: {
    chunk_id: uuid,
    document_id: uuid,
    bucket_id: uuid,
    bucket_name: { type: 'string' },
    document_title: { type: 'string' },
    document_summary: { type: ['string', 'null'] },
    chunk_index: { type: 'integer', minimum: 0 },
    content: { type: 'string', description: 'The whole chunk' },
    snippet: {
      type: 'string',
      description: 'Plain-text extract of at most 240 characters around the query terms',
    },
    score: {
      type: 'number',
      description:
        'Reciprocal rank fusion: sum over the legs that found the chunk of 1 / (60 + rank)',
    },
    similarity: {
      type: ['number', 'null'],
      description:
        'Cosine similarity to the query embedding; null in text mode or when the chunk has no embedding of the query model',
    },
    text_rank: {
      type: ['number', 'null'],
      description: 'ts_rank_cd of the full-text match; null when the words did not match',
    },
    metadata: {
      type: 'object',
      description: 'Chunk metadata: headings (heading path), start and end offsets, page',
    },
  },
})

/** The result of POST /v1/knowledge/search. */
export const searchResult = defineSchema('KnowledgeSearchResult', {
  type: 'object',
  required: ['search_id', 'data'],
  properties: {
    search_id: {
      ...uuid,
      description: 'Groups the access-log rows of this search (GET /v1/knowledge/access-logs)',
    },
    data: { type: 'array', items: searchHit },
  },
})

/** One row of the knowledge access log. */
export const accessLog = defineSchema('KnowledgeAccessLog', {
  type: 'object',
  required: ACCESS_LOG_COLUMNS,
  properties: {
    id: uuid,
    search_id: uuid,
    bucket_id: nullableUuid,
    document_id: nullableUuid,
    chunk_id: {
      ...nullableUuid,
      description:
        'Null on the single row of a search that found nothing (or once the chunk is gone)',
    },
    agent_type: { type: ['string', 'null'], description: 'search, answer, conversation, ...' },
    query_text: { type: ['string', 'null'] },
    similarity_score: { type: ['number', 'null'] },
    rank: { type: ['integer', 'null'], minimum: 1 },
    used_in_response: { type: 'boolean' },
    user_id: uuid,
    created_at: { type: 'string', format: 'date-time' },
  },
})

/** A page of access-log rows. */
export const accessLogPage = pageOf('KnowledgeAccessLogPage', accessLog)
