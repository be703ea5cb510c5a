import { column, defineResource } from '#sdk'
import { BUCKET_TYPES, BUCKET_VISIBILITIES } from '../validators/bucket_validator.js'

/** The number of rows of `table` in a bucket (`t` is the bucket table's alias or name). */
const countIn = (table: string) => (t: string) =>
  `(select count(*) from public.${table} x
    where x.workspace_id = ${t}.workspace_id and x.bucket_id = ${t}.id)::int`

/**
 * A knowledge bucket (table `knowledge_buckets`) with its document and chunk
 * counts (computed columns). Writes are the buckets controller's own
 * (a campaign link and metadata checks come first).
 */
export const bucketResource = defineResource({
  name: 'KnowledgeBucket',
  table: 'knowledge_buckets',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    name: column.text().required(),
    bucket_type: column.enum(BUCKET_TYPES).required(),
    campaign_id: column.uuid().nullable().required().openapi({
      description: 'The campaign of a campaign bucket; null for a general bucket',
    }),
    description: column.text().nullable(),
    visibility: column.enum(BUCKET_VISIBILITIES).required().openapi({
      description:
        'private: members only; public: the embedded assistant (`<aip-assistant>`) may answer from it',
    }),
    metadata: column.jsonb().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
    document_count: column
      .integer()
      .required()
      .computed(countIn('knowledge_documents'))
      .openapi({ minimum: 0 }),
    chunk_count: column
      .integer()
      .required()
      .computed(countIn('knowledge_chunks'))
      .openapi({ minimum: 0 }),
  },
})

/** A bucket row as the API returns it. */
export type BucketRow = typeof bucketResource.$row
