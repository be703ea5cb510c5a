import {
  withService,
  rawQuery,
  currentSecretKeyId,
  openSecret,
  SecretDecryptionError,
  sealSecret,
  secretContext,
} from '#sdk'

/** Outcome of a rotation run. */
export interface RotationReport {
  keyId: string
  rotated: number
  failed: { id: string; reason: string }[]
}

const BATCH_SIZE = 200

/**
 * Re-seals every secret that another key sealed under the current key, across
 * all workspaces (as app_service: platform maintenance). Works in batches, each
 * in its own transaction, so it can be interrupted and re-run (idempotent: rows
 * already under the current key are skipped). Rows that cannot be opened stay
 * as they are and are reported. Each re-sealed row gets a `rotate` audit entry
 * for its owner.
 */
export async function rotateSecrets(batchSize = BATCH_SIZE): Promise<RotationReport> {
  const keyId = currentSecretKeyId()
  const report: RotationReport = { keyId, rotated: 0, failed: [] }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await withService(async ({ trx }) => {
      await rawQuery(trx, "select set_config('app.secrets_rotating', 'on', true)")
      const batch = await rawQuery(
        trx,
        `select id, workspace_id, user_id, service_name, encrypted_value, initialization_vector, key_id
           from user_secrets where key_id <> ? and id > ?::uuid
           order by id limit ? for update`,
        [keyId, after, batchSize]
      )
      const resealed: Record<string, string>[] = []
      const audit: Record<string, unknown>[] = []
      for (const row of batch.rows) {
        try {
          const plaintext = openSecret(row, secretContext(row))
          resealed.push({ id: row.id, ...sealSecret(plaintext, secretContext(row)) })
          audit.push({ ...owner(row), success: true, error_message: null })
        } catch (error) {
          if (!(error instanceof SecretDecryptionError)) throw error
          report.failed.push({ id: row.id, reason: error.message })
          audit.push({ ...owner(row), success: false, error_message: error.message })
        }
      }
      if (resealed.length) {
        await rawQuery(
          trx,
          `update user_secrets s
              set encrypted_value = r.encrypted_value,
                  initialization_vector = r.initialization_vector,
                  key_id = r.key_id
             from jsonb_to_recordset(?::jsonb)
               as r(id uuid, encrypted_value text, initialization_vector text, key_id text)
            where s.id = r.id`,
          [JSON.stringify(resealed)]
        )
      }
      if (audit.length) {
        await rawQuery(
          trx,
          `insert into secret_audit_logs
             (workspace_id, user_id, service_name, operation, purpose, success, error_message)
           select a.workspace_id, a.user_id, a.service_name, 'rotate', 'key rotation', a.success, a.error_message
             from jsonb_to_recordset(?::jsonb)
               as a(workspace_id uuid, user_id uuid, service_name text, success boolean, error_message text)`,
          [JSON.stringify(audit)]
        )
      }
      report.rotated += resealed.length
      return batch.rows
    })
    if (rows.length < batchSize) return report
    after = rows[rows.length - 1].id
  }
}

function owner(row: { workspace_id: string; user_id: string; service_name: string }) {
  return { workspace_id: row.workspace_id, user_id: row.user_id, service_name: row.service_name }
}
