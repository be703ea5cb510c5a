import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import platformConfig from '#config/platform'
import type { WebhookSettings } from '#core/platform_config'
import type { TestAccount } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'

/** Runs `fn` with some delivery settings changed, then restores them. */
export async function withSettings<T>(changes: Partial<WebhookSettings>, fn: () => Promise<T>) {
  const saved = { ...platformConfig.webhooks }
  Object.assign(platformConfig.webhooks, changes)
  try {
    return await fn()
  } finally {
    Object.assign(platformConfig.webhooks, saved)
  }
}

/** Creates a webhook through the API and returns it with its one-time secret. */
export async function createWebhook(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown>,
  workspaceId?: string
) {
  const request = client.post('/v1/webhooks').bearerToken(account.token)
  if (workspaceId) request.header('X-Workspace-Id', workspaceId)
  const response = await request.json({ name: 'Test hook', events: ['*'], ...body })
  if (response.status() !== 201) {
    throw new Error(`webhook creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as { webhook: Record<string, any>; secret: string }
}

/** The webhook_deliveries row (read as the test's superuser, past RLS). */
export const deliveryRow = (id: string) =>
  db.rawQuery('select * from webhook_deliveries where id = ?', [id]).then((r) => r.rows[0])

/** Waits until the worker has settled a delivery (any status but pending); returns its row. */
export const finishedDelivery = (id: string) =>
  waitFor(async () => {
    const row = await deliveryRow(id)
    return row && row.status !== 'pending' ? row : null
  }, 30_000)
