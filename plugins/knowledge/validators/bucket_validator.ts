import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Kinds of bucket (seed CHECK: a campaign bucket links a campaign, a general one none). */
export const BUCKET_TYPES = ['general', 'campaign'] as const

/**
 * Who may read a bucket: `private` (members of the workspace) or `public`
 * (also the workspace's embedded assistant, `<aip-assistant>`).
 */
export const BUCKET_VISIBILITIES = ['private', 'public'] as const

const description = vine.string().trim().maxLength(5000).nullable().optional()

/** Body of POST /v1/knowledge/buckets. */
export const createBucketValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  bucket_type: vine.enum(BUCKET_TYPES).optional(),
  campaign_id: vine.string().uuid().nullable().optional(),
  description,
  visibility: vine.enum(BUCKET_VISIBILITIES).optional(),
  metadata: vine.record(vine.any()).optional(),
})

/**
 * Body of PATCH /v1/knowledge/buckets/:id: only the fields sent change. A
 * bucket may change type; the resulting type and campaign must fit together.
 */
export const updateBucketValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200).optional(),
  bucket_type: vine.enum(BUCKET_TYPES).optional(),
  campaign_id: vine.string().uuid().nullable().optional(),
  description,
  visibility: vine.enum(BUCKET_VISIBILITIES).optional(),
  metadata: vine.record(vine.any()).optional(),
})

/** Query of GET /v1/knowledge/buckets. */
export const listBucketsValidator = vine.create({
  ...pageQuery,
  bucket_type: vine.enum(BUCKET_TYPES).optional(),
  campaign_id: vine.string().uuid().optional(),
  visibility: vine.enum(BUCKET_VISIBILITIES).optional(),
  /** Part of the bucket name, any case. */
  q: vine.string().trim().minLength(1).maxLength(200).optional(),
})
