import { Problem, tenant, scopeAllows } from '#sdk'

/**
 * Writes need at least the member role: viewers read and search. The database
 * enforces it too (RLS write policies need `member`); checking first gives
 * viewers a clear 403 instead of a failed write or a 404.
 */
export function assertCanWrite() {
  if (tenant().workspaceRole === 'viewer') {
    throw Problem.forbidden('Viewers can read the knowledge base but not change it')
  }
}

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
