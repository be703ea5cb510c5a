import { defineSchema, pageOf } from '#sdk'
import { accessLogResource } from '../services/access_log_resource.js'

const uuid = { type: 'string', format: 'uuid' }

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

/** One row of the knowledge access log (declared in services/access_log_resource.ts). */
export const accessLog = accessLogResource.schema

/** A page of access-log rows. */
export const accessLogPage = pageOf('KnowledgeAccessLogPage', accessLog)
