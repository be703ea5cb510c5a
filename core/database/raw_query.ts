import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** A bound value of a raw query; unlike Lucid's StrictValues, null is allowed. */
export type Binding = string | number | boolean | Date | null | string[] | Buffer

/**
 * Runs a parameterised raw query on the given client (usually the tenant
 * transaction). Lucid's typings reject `null` bindings, which PostgreSQL and
 * knex accept; this is the one place that bridges the two.
 */
export function rawQuery<Row = any>(
  client: QueryClientContract,
  sql: string,
  bindings: Binding[] = []
): Promise<{ rows: Row[]; rowCount: number }> {
  return client.rawQuery(sql, bindings as any) as any
}
