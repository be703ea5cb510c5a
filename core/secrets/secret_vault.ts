import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import { openSecret, SecretDecryptionError, sealSecret } from '#core/secrets/secret_cipher'
import { recordSecretAudit } from '#core/secrets/secret_audit'
import { secretResource } from '#core/secrets/secret_resource'

/** Values at least this long show their last 4 characters as a hint. */
const HINT_MIN_LENGTH = 16

/**
 * Associated data binding a sealed value to its row: a ciphertext copied to
 * another user, workspace or service name no longer opens.
 */
export function secretContext(row: {
  workspace_id: string
  user_id: string
  service_name: string
}) {
  return `user_secrets:${row.workspace_id}:${row.user_id}:${row.service_name}`
}

/** The last 4 characters of long values (enough to recognise a key, too few to matter). */
export function secretHint(value: string) {
  return value.length >= HINT_MIN_LENGTH ? value.slice(-4) : null
}

/**
 * Creates or replaces the current user's secret for a service in the current
 * workspace, sealed under the current key. Returns its metadata and whether it
 * was created; writes the create/update audit row.
 */
export async function storeSecret(
  serviceName: string,
  value: string,
  options: { metadata?: Record<string, unknown>; isActive?: boolean } = {}
) {
  const { trx, workspaceId, userId } = tenant()
  const sealed = sealSecret(
    value,
    secretContext({ workspace_id: workspaceId!, user_id: userId!, service_name: serviceName })
  )
  const result = await rawQuery(
    trx,
    `insert into user_secrets
       (workspace_id, user_id, service_name, encrypted_value, initialization_vector, key_id, value_hint, is_active, metadata)
     values (?, ?, ?, ?, ?, ?, ?, coalesce(?::boolean, true), coalesce(?::jsonb, '{}'::jsonb))
     on conflict (workspace_id, user_id, service_name) do update
       set encrypted_value = excluded.encrypted_value,
           initialization_vector = excluded.initialization_vector,
           key_id = excluded.key_id,
           value_hint = excluded.value_hint,
           is_active = coalesce(?::boolean, user_secrets.is_active),
           metadata = coalesce(?::jsonb, user_secrets.metadata)
     returning ${secretResource.sql()}, (xmax = 0) as inserted`,
    [
      workspaceId,
      userId,
      serviceName,
      sealed.encrypted_value,
      sealed.initialization_vector,
      sealed.key_id,
      secretHint(value),
      options.isActive ?? null,
      options.metadata ? JSON.stringify(options.metadata) : null,
      options.isActive ?? null,
      options.metadata ? JSON.stringify(options.metadata) : null,
    ]
  )
  const { inserted, ...secret } = result.rows[0]
  await recordSecretAudit([{ serviceName, operation: inserted ? 'create' : 'update' }])
  return { secret, created: Boolean(inserted) }
}

/**
 * Deletes the current user's secret for a service; false when there was none.
 * Writes the delete audit row.
 */
export async function deleteSecret(serviceName: string) {
  const { trx } = tenant()
  const result = await rawQuery(trx, 'delete from user_secrets where service_name = ?', [
    serviceName,
  ])
  if (!result.rowCount) return false
  await recordSecretAudit([{ serviceName, operation: 'delete' }])
  return true
}

/**
 * The current user's active secret for a service in the current tenant context,
 * decrypted, or null when there is none. For server-side use only (the AI
 * gateway, integrations): no route returns plaintext. Every call writes a
 * `reveal` audit row naming the purpose, and marks the secret as used. A value
 * that no longer opens (tampered, key removed) is audited as a failed reveal and
 * raises SecretDecryptionError.
 */
export async function revealSecret(serviceName: string, purpose: string): Promise<string | null> {
  const { trx } = tenant()
  const result = await rawQuery(
    trx,
    `update user_secrets set last_used_at = now()
       where service_name = ? and is_active is true
       returning workspace_id, user_id, service_name, encrypted_value, initialization_vector, key_id`,
    [serviceName]
  )
  const row = result.rows[0]
  if (!row) return null
  try {
    const value = openSecret(row, secretContext(row))
    await recordSecretAudit([{ serviceName, operation: 'reveal', purpose }])
    return value
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error
    await recordSecretAudit([
      { serviceName, operation: 'reveal', purpose, success: false, errorMessage: error.message },
    ])
    throw error
  }
}
