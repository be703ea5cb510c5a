import { Problem, tenant } from '#sdk'

/**
 * Writes need at least the member role: viewers read. RLS enforces it too;
 * checking first gives a clear 403.
 */
export function assertCanWrite() {
  if (tenant().workspaceRole === 'viewer') {
    throw Problem.forbidden('Viewers can read strategy analyses but not change them')
  }
}
