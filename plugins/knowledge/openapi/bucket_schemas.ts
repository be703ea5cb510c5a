import { pageOf } from '#sdk'
import { bucketResource } from '../services/bucket_resource.js'

/** A knowledge bucket with its document and chunk counts (services/bucket_resource.ts). */
export const bucket = bucketResource.schema

/** A page of knowledge buckets. */
export const bucketPage = pageOf('KnowledgeBucketPage', bucket)
