import { Adapter, BaseModel, SnakeCaseNamingStrategy } from '@adonisjs/lucid/orm'
import type { LucidModel, ModelAdapterOptions } from '@adonisjs/lucid/types/model'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { Database } from '@adonisjs/lucid/database'
import { tenantTrx } from '#core/tenancy/tenant_context'

/**
 * Lucid adapter that sends every model query through the current tenant
 * transaction, and refuses to run outside one. An explicit `client` option still
 * wins (for code that already holds the transaction).
 */
export class TenantAdapter extends Adapter {
  modelConstructorClient(_model: LucidModel, options?: ModelAdapterOptions): QueryClientContract {
    if (options?.client) return options.client
    return tenantTrx()
  }
}

/**
 * Base class of models of tenant tables: their queries always run in the
 * request's (or job's) transaction, under RLS, and serialize with the seed's
 * snake_case names. Bound to its adapter by the platform provider at boot.
 */
export class TenantModel extends BaseModel {
  /** API payloads use the seed's snake_case column names. */
  static namingStrategy = new SnakeCaseNamingStrategy()

  /** Installs the tenant adapter; called once when the database service is ready. */
  static bindTenantAdapter(db: Database) {
    this.useAdapter(new TenantAdapter(db))
  }
}
