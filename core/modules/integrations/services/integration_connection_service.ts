import { Problem, tenant, rawQuery, openText, sealText } from '#sdk'

/** Most credential fields one connection may hold. */
const MAX_CREDENTIAL_FIELDS = 20
/** Largest `configuration` document, serialised. */
const MAX_CONFIGURATION_BYTES = 16 * 1024
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

/**
 * Columns an integration connection is shown with: its credentials never,
 * only the names of the credential fields it holds.
 */
export const INTEGRATION_COLUMNS = [
  'id',
  'workspace_id',
  'user_id',
  'service_name',
  'connection_status',
  'last_sync_at',
  'sync_status',
  'configuration',
  'error_message',
  'created_at',
  'updated_at',
]

/** Checks and seals credentials for `credentials_encrypted`. */
export function sealCredentials(credentials: Record<string, string>): string {
  const names = Object.keys(credentials)
  if (names.length === 0 || names.length > MAX_CREDENTIAL_FIELDS) {
    throw Problem.invalidField(
      'credentials',
      `credentials must hold between 1 and ${MAX_CREDENTIAL_FIELDS} fields`,
      'size'
    )
  }
  const bad = names.find((name) => !FIELD_NAME.test(name))
  if (bad !== undefined) {
    throw Problem.invalidField(
      'credentials',
      'credential field names are letters, digits, "_" or "-" (at most 64)',
      'regex'
    )
  }
  return sealText(JSON.stringify(credentials), 'integration.credentials')
}

/** Refuses `configuration` documents that are too large (secrets belong in credentials). */
export function checkConfiguration(configuration: Record<string, unknown> | undefined) {
  if (configuration && JSON.stringify(configuration).length > MAX_CONFIGURATION_BYTES) {
    throw Problem.invalidField(
      'configuration',
      `configuration must be at most ${MAX_CONFIGURATION_BYTES} bytes of JSON`,
      'size'
    )
  }
}

/** The names of the fields of sealed credentials (shown instead of the values). */
export function credentialFields(sealed: string | null): string[] {
  return sealed ? Object.keys(JSON.parse(openText(sealed, 'integration.credentials'))).sort() : []
}

/**
 * The current user's credentials for `serviceName` in this workspace, for
 * server-side code that calls the service (never exposed by a route). Null
 * when there is no connection or it holds no credentials.
 */
export async function integrationCredentials(
  serviceName: string
): Promise<Record<string, string> | null> {
  const { trx } = tenant()
  const result = await rawQuery(
    trx,
    'select credentials_encrypted from integration_connections where service_name = ?',
    [serviceName]
  )
  const sealed = result.rows[0]?.credentials_encrypted
  return sealed ? JSON.parse(openText(sealed, 'integration.credentials')) : null
}
