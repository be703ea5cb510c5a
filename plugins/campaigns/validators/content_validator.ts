import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Kinds of generated content (generated_content_pieces.content_type). */
export const CONTENT_TYPES = [
  'blog_post',
  'ad_copy',
  'email',
  'social_post',
  'landing_page',
  'video_script',
  'press_release',
] as const

/** Approval states of a content piece (seed: pending, approved, rejected, needs_revision). */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'needs_revision'] as const

/** Body of POST /v1/campaigns/:id/content: what to generate through the AI gateway. */
export const generateContentValidator = vine.create({
  content_type: vine.enum(CONTENT_TYPES),
  /** What the piece should say; the campaign's own facts are added as grounding. */
  brief: vine.string().trim().minLength(1).maxLength(4000).optional(),
  title: vine.string().trim().minLength(1).maxLength(300).optional(),
  tone: vine.string().trim().minLength(1).maxLength(60).optional(),
  /** AI provider (default from configuration: `local`). */
  provider: vine.string().trim().minLength(1).maxLength(40).optional(),
  model: vine.string().trim().minLength(1).maxLength(200).optional(),
  max_output_tokens: vine.number().withoutDecimals().range([16, 4000]).optional(),
})

/** Body of PATCH /v1/campaigns/:id/content/:pieceId (edits; only pending or needs_revision pieces). */
export const updateContentValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(300).optional(),
  content: vine.string().trim().minLength(1).maxLength(100_000).optional(),
  metadata: vine.record(vine.any()).optional(),
  performance_data: vine.record(vine.any()).nullable().optional(),
})

/** Body of POST /v1/campaigns/:id/content/:pieceId/review: the reviewer's decision. */
export const reviewContentValidator = vine.create({
  decision: vine.enum(['approved', 'rejected', 'needs_revision'] as const),
  note: vine.string().trim().maxLength(2000).optional(),
})

/** Query of GET /v1/campaigns/:id/content. */
export const listContentValidator = vine.create({
  ...pageQuery,
  approval_status: vine.enum(APPROVAL_STATUSES).optional(),
  content_type: vine.enum(CONTENT_TYPES).optional(),
})
