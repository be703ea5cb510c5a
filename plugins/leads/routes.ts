import { registerEmbedLeadRoutes } from './embed_routes.js'

/**
 * Registers the plugin's routes (mounted under /v1 behind the tenant and
 * idempotency middleware).
 */
export default function registerLeadsRoutes() {
  registerEmbedLeadRoutes()
}
