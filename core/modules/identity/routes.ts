import registerAuthRoutes from './routes/auth_routes.js'
import registerWorkspaceRoutes from './routes/workspace_routes.js'

/**
 * Registers the identity routes (mounted under /v1 by the kernel, secured by the
 * route policy): auth and tokens, then workspaces, members, invitations, API
 * keys and the audit log.
 */
export default function registerIdentityRoutes() {
  registerAuthRoutes()
  registerWorkspaceRoutes()
}
