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
  /**
   * `token`, `api_key`, `job`, `service`, `anonymous` (embeds), or
   * `embed_key_creator` (an embed request acting as the key's creator, see
   * core/tenancy/embed_key_creator.ts).
   */
  via?: 'token' | 'api_key' | 'job' | 'service' | 'anonymous' | 'embed_key_creator'
  credentialId?: string | null
  /** Set for API keys (and their jobs): the only workspace the request may touch. */
  credentialWorkspaceId?: string | null
}

/**
 * The verified end-user session of an embed request: the host's logged-in
 * user, as its backend signed them into a short-lived token (see
 * docs/guide/embed-sessions.md). `endUserId` is also the transaction's
 * `app.current_end_user_id()`.
 */
export interface EmbedSession {
  /** The end user's row in `embed_end_users` (the workspace's contact record). */
  endUserId: string
  /** The host's own id of the user (the token's `sub`). */
  externalId: string
  name: string | null
  email: string | null
  /** End-user scopes the token grants (`chat`, `support:read`, ...). */
  scopes: string[]
  /** When the token expires. */
  expiresAt: Date
}

/**
 * The tenant context of the current request or job: its identity and the one
 * transaction through which all of its queries must go.
 */
export interface TenantContext extends TenantIdentity {
  role: RuntimeRole
  trx: TransactionClientContract
  /** Set on embed requests that carried a verified session token. */
  embedSession?: EmbedSession
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
