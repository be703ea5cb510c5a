import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { MAX_QUERY_CHARS, SEARCH_LIMITS } from '../services/search_query.js'
import { BUCKET_TYPES } from './bucket_validator.js'

/** Search modes: both legs fused (default), vector similarity only, full text only. */
const SEARCH_MODES = ['hybrid', 'vector', 'text'] as const

/**
 * Body of POST /v1/knowledge/search. Bucket, campaign and document ids are
 * filters: ids that name nothing visible simply match nothing (no 404).
 */
export const searchValidator = vine.create({
  query: vine.string().trim().minLength(1).maxLength(MAX_QUERY_CHARS),
  bucket_type: vine.enum(BUCKET_TYPES).optional(),
  campaign_id: vine.string().uuid().optional(),
  bucket_ids: vine.array(vine.string().uuid()).maxLength(100).optional(),
  document_ids: vine.array(vine.string().uuid()).maxLength(100).optional(),
  limit: vine.number().withoutDecimals().range([SEARCH_LIMITS.min, SEARCH_LIMITS.max]).optional(),
  threshold: vine.number().range([0, 1]).optional(),
  mode: vine.enum(SEARCH_MODES).optional(),
})

/** Query of GET /v1/knowledge/access-logs. */
export const listAccessLogsValidator = vine.create({
  ...pageQuery,
  search_id: vine.string().uuid().optional(),
})
