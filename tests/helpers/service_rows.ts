import { withService } from '#core/tenancy/tenant_transaction'
import { rawQuery, type Binding } from '#core/database/raw_query'

/**
 * The rows of one SQL query run as app_service, in its own transaction: what
 * the platform's background side (and an attacker with the database) sees.
 */
export function serviceRows(sql: string, bindings: Binding[] = []): Promise<any[]> {
  return withService(async ({ trx }) => (await rawQuery(trx, sql, bindings)).rows)
}
