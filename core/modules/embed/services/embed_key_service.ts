import { Problem, tenant } from '#sdk'

/** An embed key as other domains see it: its id and whether it is revoked. */
export interface EmbedKeyRef {
  id: string
  revoked: boolean
}

/**
 * An embed key of the current workspace (through the request's tenant
 * transaction), or a 404 naming the embed key, also for another workspace's
 * key. For domains that attach their own data to embed keys (the leads
 * plugin's lead forms).
 */
export async function findEmbedKey(id: string): Promise<EmbedKeyRef> {
  const { trx, workspaceId } = tenant()
  const key = await trx
    .from('embed_keys')
    .select('id', 'revoked_at')
    .where({ id, workspace_id: workspaceId! })
    .first()
  if (!key) throw Problem.notFound('Embed key')
  return { id: key.id, revoked: key.revoked_at !== null }
}
