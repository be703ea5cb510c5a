import { defineSchema, pageOf } from '#sdk'
import { BUCKET_TYPES } from '../validators/bucket_validator.js'

const uuid = { type: 'string', format: 'uuid' }
const dateTime = { type: 'string', format: 'date-time' }

/** A knowledge bucket with its document and chunk counts. */
export const bucket = defineSchema('KnowledgeBucket', {
  type: 'object',
  required: [
    'id',
    'workspace_id',
    'name',
    'bucket_type',
    'campaign_id',
    'metadata',
    'created_at',
    'updated_at',
    'document_count',
    'chunk_count',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    created_by: { type: ['string', 'null'], format: 'uuid' },
    name: { type: 'string' },
    bucket_type: { enum: [...BUCKET_TYPES] },
    campaign_id: {
      type: ['string', 'null'],
      format: 'uuid',
      description: 'The campaign of a campaign bucket; null for a general bucket',
    },
    description: { type: ['string', 'null'] },
    metadata: { type: 'object' },
    created_at: dateTime,
    updated_at: dateTime,
    document_count: { type: 'integer', minimum: 0 },
    chunk_count: { type: 'integer', minimum: 0 },
  },
})

/** A page of knowledge buckets. */
export const bucketPage = pageOf('KnowledgeBucketPage', bucket)
