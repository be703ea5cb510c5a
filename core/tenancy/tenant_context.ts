import { AsyncLocalStorage } from 'node:async_hooks'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** Database role a transaction runs as. */
export type RuntimeRole = 'app_authenticated' | 'app_anon' | 'app_service'

/**
 * Who is acting and where: the identity the database sees through
 * `app.current_user_id()` / `app.current_workspace_id()`.
 */
export interface TenantIdentity {
  userId: string | null
  workspaceId: string | null
  /** Effective role in the workspace (owner, admin, member, viewer). */
  workspaceRole?: string | null
  /** API key scopes; `['*']` for user tokens. */
  scopes?: string[]
  /** `token`, `api_key`, `job` or `service`. */
  via?: 'token' | 'api_key' | 'job' | 'service' | 'anonymous'
  credentialId?: string | null
  /** Set for API keys (and their jobs): the only workspace the request may touch. */
  credentialWorkspaceId?: string | null
}

/**
 * The tenant context of the current request or job: its identity and the one
 * transaction through which all of its queries must go.
 */
export interface TenantContext extends TenantIdentity {
  role: RuntimeRole
  trx: TransactionClientContract
}

const storage = new AsyncLocalStorage<TenantContext>()

/**
 * Raised when code tries to reach the database outside a tenant context: a bug,
 * never a user error.
 */
export class NoTenantContextError extends Error {
  constructor() {
    super(
      'Database access outside a tenant transaction: wrap the work in withTenant(), withService() or run it inside a request'
    )
    this.name = 'NoTenantContextError'
  }
}

/** Runs `fn` with `context` as the current tenant context. */
export function runInContext<T>(context: TenantContext, fn: () => T): T {
  return storage.run(context, fn)
}

/** The current tenant context, or undefined outside one. */
export function currentContext(): TenantContext | undefined {
  return storage.getStore()
}

/** The current tenant context; throws outside one. */
export function tenant(): TenantContext {
  const context = storage.getStore()
  if (!context) throw new NoTenantContextError()
  return context
}

/** The transaction of the current tenant context; throws outside one. */
export function tenantTrx(): TransactionClientContract {
  return tenant().trx
}
