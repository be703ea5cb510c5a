import router from '@adonisjs/core/services/router'
import {
  createBucketValidator,
  listBucketsValidator,
  updateBucketValidator,
} from '../validators/bucket_validator.js'
import * as schemas from '../openapi/bucket_schemas.js'
import { uuidParams } from '#sdk'

const BucketsController = () => import('../controllers/knowledge_buckets_controller.js')

const tag = 'Knowledge'
const idParams = uuidParams()

/** Registers the knowledge bucket routes (CRUD, cursor pages). */
export default function registerBucketRoutes() {
  router.get('/knowledge/buckets', [BucketsController, 'index']).openapi({
    operationId: 'knowledge.buckets.list',
    summary: 'Knowledge buckets of this workspace, newest first, with document and chunk counts',
    tag,
    scope: 'knowledge:read',
    query: listBucketsValidator,
    responses: { 200: { description: 'A page of buckets', schema: schemas.bucketPage } },
  })
  router.post('/knowledge/buckets', [BucketsController, 'store']).openapi({
    operationId: 'knowledge.buckets.create',
    summary: 'Create a bucket (general, or linked to a campaign of this workspace)',
    description:
      'A campaign bucket (`bucket_type: "campaign"`) needs `campaign_id` of a campaign of this workspace and the campaigns plugin enabled (422 otherwise); a general bucket has no campaign. Names are unique per workspace, in any case.',
    tag,
    scope: 'knowledge:write',
    body: createBucketValidator,
    responses: {
      201: { description: 'Created', schema: schemas.bucket },
      409: { description: 'A bucket of that name exists in this workspace' },
    },
  })
  router.get('/knowledge/buckets/:id', [BucketsController, 'show']).openapi({
    operationId: 'knowledge.buckets.show',
    summary: 'One bucket with its document and chunk counts',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    responses: { 200: { description: 'The bucket', schema: schemas.bucket } },
  })
  router.patch('/knowledge/buckets/:id', [BucketsController, 'update']).openapi({
    operationId: 'knowledge.buckets.update',
    summary: 'Rename or describe a bucket, or change its type and campaign',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    body: updateBucketValidator,
    responses: {
      200: { description: 'Updated', schema: schemas.bucket },
      409: { description: 'Another bucket has this name' },
    },
  })
  router.delete('/knowledge/buckets/:id', [BucketsController, 'destroy']).openapi({
    operationId: 'knowledge.buckets.delete',
    summary: 'Delete a bucket with its documents, chunks and stored originals',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
}
