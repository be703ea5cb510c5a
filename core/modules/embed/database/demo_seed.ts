import { randomBytes } from 'node:crypto'
import { appUrl, knownEmbedCapabilities, tenant } from '#sdk'

/** Name of the demo workspace's embed key. */
export const DEMO_EMBED_KEY_NAME = 'Demo site'

/**
 * Gives the demo workspace an embed key for the platform's own demo page
 * (`/embed/v1/demo.html`): allowed origin APP_URL, every embed capability the
 * enabled plugins offer. Idempotent; does nothing when no plugin offers one.
 * Runs in the demo workspace's tenant transaction.
 */
export default async function seedDemoEmbedKey() {
  const capabilities = Object.keys(await knownEmbedCapabilities())
  if (!capabilities.length) return
  const { trx, workspaceId, userId } = tenant()
  const existing = await trx
    .from('embed_keys')
    .where({ workspace_id: workspaceId!, name: DEMO_EMBED_KEY_NAME })
    .first()
  if (existing) return
  await trx
    .insertQuery()
    .table('embed_keys')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      name: DEMO_EMBED_KEY_NAME,
      public_key: `pk_${randomBytes(24).toString('base64url')}`,
      allowed_origins: [new URL(appUrl).origin],
      capabilities,
    })
}
