import { Problem, tenant, rawQuery, isPluginEnabled } from '#sdk'
import { bucketResource, type BucketRow } from './bucket_resource.js'

/** Largest `metadata` object of a bucket, in bytes of JSON. */
const MAX_BUCKET_METADATA_BYTES = 16 * 1024

/** Whether the campaigns plugin is enabled on this platform (its tables and routes exist). */
export async function campaignsPluginEnabled(): Promise<boolean> {
  return isPluginEnabled('campaigns')
}

/**
 * Checks the campaign link of a bucket that will be `bucketType`: a campaign
 * bucket needs a campaign of this workspace (and the campaigns plugin, which
 * owns campaigns); a general bucket has none. Every failure is a 422 naming
 * the field. `campaignsEnabled` is the platform's state (a parameter so tests
 * can check the disabled case on a platform where the plugin is on).
 */
export async function checkCampaignLink(
  bucketType: 'general' | 'campaign',
  campaignId: string | null,
  campaignsEnabled: boolean
) {
  if (bucketType === 'general') {
    if (campaignId !== null) {
      throw Problem.invalidField(
        'campaign_id',
        'A general bucket has no campaign_id (use bucket_type "campaign")',
        'prohibited'
      )
    }
    return
  }
  if (campaignId === null) {
    throw Problem.invalidField('campaign_id', 'A campaign bucket needs a campaign_id', 'required')
  }
  if (!campaignsEnabled) {
    throw Problem.invalidField(
      'bucket_type',
      'Campaign buckets need the campaigns plugin, which is not enabled on this platform',
      'plugin'
    )
  }
  const { trx, workspaceId } = tenant()
  const campaign = await trx
    .from('campaigns')
    .select('id')
    .where({ id: campaignId, workspace_id: workspaceId! })
    .first()
  if (!campaign) {
    throw Problem.invalidField(
      'campaign_id',
      'The campaign does not exist in this workspace',
      'exists'
    )
  }
}

/** Rejects a metadata object too large to store. */
export function checkBucketMetadata(metadata: Record<string, unknown> | undefined) {
  if (metadata && Buffer.byteLength(JSON.stringify(metadata)) > MAX_BUCKET_METADATA_BYTES) {
    throw Problem.invalidField(
      'metadata',
      `metadata must be at most ${MAX_BUCKET_METADATA_BYTES} bytes of JSON`,
      'maxSize'
    )
  }
}

/** Turns the unique violation on a bucket name into a clear 409; rethrows anything else. */
export function duplicateBucketName(error: unknown, name: string | undefined): never {
  const candidate = error as { code?: string; constraint?: string }
  if (candidate?.code === '23505' && candidate.constraint === 'knowledge_buckets_name_key') {
    throw Problem.conflict(`A bucket named "${name}" already exists in this workspace`)
  }
  throw error
}

/** The bucket with this id in the current workspace (RLS and workspace filter), or a 404. */
export async function findBucket(id: string): Promise<BucketRow> {
  const { trx, workspaceId } = tenant()
  const bucket = await bucketResource.query(trx).where({ id, workspace_id: workspaceId! }).first()
  if (!bucket) throw Problem.notFound('Bucket')
  return bucket
}

/**
 * Checks that every id names a bucket of the current workspace: a 422 on
 * `field` otherwise, the same answer for unknown buckets and other tenants'
 * buckets. `detail` keeps each route's wording.
 */
export async function assertBucketsExist(
  ids: string[] | undefined,
  field = 'bucket_ids',
  detail = 'A bucket does not exist in this workspace'
) {
  const unique = [...new Set(ids ?? [])]
  if (unique.length === 0) return
  const { trx, workspaceId } = tenant()
  const found = await rawQuery(
    trx,
    'select id from public.knowledge_buckets where workspace_id = ? and id = any(?::uuid[])',
    [workspaceId, unique]
  )
  if (found.rows.length !== unique.length) throw Problem.invalidField(field, detail, 'exists')
}
