import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, Problem, tenant, workspaceStorage, idParam } from '#sdk'
import { deleteOriginals } from '../services/document_rows.js'
import {
  createBucketValidator,
  listBucketsValidator,
  updateBucketValidator,
} from '../validators/bucket_validator.js'
import {
  campaignsPluginEnabled,
  checkBucketMetadata,
  checkCampaignLink,
  duplicateBucketName,
  findBucket,
} from '../services/bucket_service.js'
import { assertCanWrite } from '../services/write_access.js'
import { bucketResource } from '../services/bucket_resource.js'

/**
 * Knowledge buckets of the current workspace: groups of documents, general
 * or linked to a campaign. Deleting a bucket deletes its documents, their
 * chunks and stored originals.
 */
export default class KnowledgeBucketsController {
  async index({ request }: HttpContext) {
    const input = await listBucketsValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const query = bucketResource.query(trx).where('workspace_id', workspaceId!)
    if (input.bucket_type) query.where('bucket_type', input.bucket_type)
    if (input.campaign_id) query.where('campaign_id', input.campaign_id)
    if (input.visibility) query.where('visibility', input.visibility)
    if (input.q) query.whereRaw('strpos(lower(name), lower(?)) > 0', [input.q])
    return keysetPage(query, { limit: input.limit, cursor: input.cursor, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createBucketValidator)
    assertCanWrite()
    const bucketType = input.bucket_type ?? 'general'
    const campaignId = input.campaign_id ?? null
    checkBucketMetadata(input.metadata)
    await checkCampaignLink(bucketType, campaignId, await campaignsPluginEnabled())
    const { trx, workspaceId, userId } = tenant()
    const [created] = await trx
      .insertQuery()
      .table('knowledge_buckets')
      .insert({
        workspace_id: workspaceId,
        created_by: userId,
        name: input.name,
        bucket_type: bucketType,
        campaign_id: campaignId,
        description: input.description ?? null,
        visibility: input.visibility ?? 'private',
        metadata: JSON.stringify(input.metadata ?? {}),
      })
      .returning('id')
      .catch((error) => duplicateBucketName(error, input.name))
    response.status(201)
    return findBucket(created.id)
  }

  async show({ params }: HttpContext) {
    const id = idParam(params, 'Bucket')
    return findBucket(id)
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Bucket')
    const input = await request.validateUsing(updateBucketValidator)
    const current = await findBucket(id)
    assertCanWrite()
    checkBucketMetadata(input.metadata)

    const patch: Record<string, unknown> = {}
    if (input.name !== undefined) patch.name = input.name
    if (input.description !== undefined) patch.description = input.description
    if (input.visibility !== undefined) patch.visibility = input.visibility
    if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata)
    if (input.bucket_type !== undefined || input.campaign_id !== undefined) {
      const bucketType = input.bucket_type ?? current.bucket_type
      // Turning a campaign bucket into a general one drops its campaign.
      const campaignId =
        input.campaign_id !== undefined
          ? input.campaign_id
          : bucketType === 'general'
            ? null
            : current.campaign_id
      if (bucketType !== current.bucket_type || campaignId !== current.campaign_id) {
        await checkCampaignLink(bucketType, campaignId, await campaignsPluginEnabled())
        patch.bucket_type = bucketType
        patch.campaign_id = campaignId
      }
    }
    if (!Object.keys(patch).length) return current

    const { trx, workspaceId } = tenant()
    const updated = await trx
      .from('knowledge_buckets')
      .where({ id, workspace_id: workspaceId! })
      .update(patch)
      .catch((error) => duplicateBucketName(error, input.name))
    if (!Number(updated)) throw Problem.notFound('Bucket')
    return findBucket(id)
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Bucket')
    await findBucket(id)
    assertCanWrite()
    const { trx, workspaceId } = tenant()
    const documents = await trx
      .from('knowledge_documents')
      .select('id', 'upload_path')
      .where({ workspace_id: workspaceId!, bucket_id: id })
    // Documents and chunks go with the bucket (foreign keys cascade); then the
    // stored originals, only once the rows are gone: each current one and every
    // file under the document's folder (superseded versions a job has not
    // removed yet). A missing file is not an error.
    await trx.from('knowledge_buckets').where({ id, workspace_id: workspaceId! }).delete()
    const storage = workspaceStorage(workspaceId!)
    for (const document of documents) {
      if (document.upload_path) await storage.delete(document.upload_path)
      await deleteOriginals(workspaceId!, document.id)
    }
    response.status(204)
  }
}
