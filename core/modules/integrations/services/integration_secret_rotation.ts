import {
  withService,
  rawQuery,
  currentSecretKeyId,
  openText,
  sealText,
  type SealPurpose,
} from '#sdk'

/** Every column that holds a value sealed by sealText(), and what it holds. */
const SEALED_COLUMNS: { table: string; column: string; purpose: SealPurpose }[] = [
  { table: 'oauth_connections', column: 'access_token_encrypted', purpose: 'oauth.access_token' },
  { table: 'oauth_connections', column: 'refresh_token_encrypted', purpose: 'oauth.refresh_token' },
  {
    table: 'social_platform_connections',
    column: 'access_token_encrypted',
    purpose: 'oauth.access_token',
  },
  {
    table: 'social_platform_connections',
    column: 'refresh_token_encrypted',
    purpose: 'oauth.refresh_token',
  },
  {
    table: 'integration_connections',
    column: 'credentials_encrypted',
    purpose: 'integration.credentials',
  },
  { table: 'oauth_states', column: 'code_verifier_encrypted', purpose: 'oauth.code_verifier' },
  { table: 'webhooks', column: 'secret_token', purpose: 'webhook.secret' },
  { table: 'webhooks', column: 'previous_secret_token', purpose: 'webhook.secret' },
  { table: 'embed_secret_keys', column: 'secret_encrypted', purpose: 'embed.secret_key' },
]

/** Outcome of re-sealing the integration columns. */
export interface IntegrationRotationReport {
  rotated: number
  failed: { id: string; reason: string }[]
}

const BATCH_SIZE = 200

/**
 * Re-seals OAuth tokens, PKCE verifiers, integration credentials and webhook
 * signing secrets (current and previous) that an
 * older vault key sealed under the current key (part of `node ace
 * secrets:rotate`). Batches in their own transactions, as app_service;
 * idempotent (values already under the current key are skipped); values that
 * cannot be opened are left as they are and reported as `table.column:id`.
 */
export async function rotateIntegrationSecrets(
  batchSize = BATCH_SIZE
): Promise<IntegrationRotationReport> {
  const keyId = currentSecretKeyId()
  const report: IntegrationRotationReport = { rotated: 0, failed: [] }
  for (const { table, column, purpose } of SEALED_COLUMNS) {
    let after = '00000000-0000-0000-0000-000000000000'
    for (;;) {
      const rows = await withService(async ({ trx }) => {
        const batch = await rawQuery(
          trx,
          `select id, ${column} as sealed from ${table}
            where ${column} is not null and split_part(${column}, '.', 1) <> ? and id > ?::uuid
            order by id limit ? for update`,
          [keyId, after, batchSize]
        )
        const resealed: { id: string; sealed: string }[] = []
        for (const row of batch.rows) {
          try {
            resealed.push({ id: row.id, sealed: sealText(openText(row.sealed, purpose), purpose) })
          } catch (error) {
            report.failed.push({
              id: `${table}.${column}:${row.id}`,
              reason: (error as Error).message,
            })
          }
        }
        if (resealed.length) {
          await rawQuery(
            trx,
            `update ${table} t set ${column} = r.sealed
              from jsonb_to_recordset(?::jsonb) as r(id uuid, sealed text) where t.id = r.id`,
            [JSON.stringify(resealed)]
          )
        }
        report.rotated += resealed.length
        return batch.rows
      })
      if (rows.length < batchSize) break
      after = rows[rows.length - 1].id
    }
  }
  return report
}
