import { Problem } from '#core/http/problem'
import { tenant } from '#core/tenancy/tenant_context'
import { scopeAllows } from '#core/auth/scopes'

/**
 * Refuses (403) a request whose API key lacks `scope`, for options that make a
 * read route write (e.g. `save_note` on POST /knowledge/answer, a
 * `knowledge:read` route). User tokens carry every scope.
 */
export function requireScope(scope: string, option: string) {
  const { scopes } = tenant()
  if (!scopeAllows(scopes ?? ['*'], scope)) {
    throw Problem.forbidden(`The API key lacks the "${scope}" scope that ${option} needs`)
  }
}
