/*
| Routes: the platform's own, then each enabled plugin's (in dependency order),
| all under /v1 and all described for the OpenAPI document.
*/
import router from '@adonisjs/core/services/router'
import '#core/openapi/route_macro'
import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'
import { registerSystemRoutes } from '#core/routes/system_routes'
import { registerAuthRoutes } from '#core/routes/auth_routes'
import { registerWorkspaceRoutes } from '#core/routes/workspace_routes'
import { registerPreferenceRoutes } from '#core/routes/preference_routes'
import { registerEmbedRoutes, securePluginRoutes } from '#core/routes/embed_routes'

registerSystemRoutes()
registerAuthRoutes()
registerWorkspaceRoutes()
registerPreferenceRoutes()
registerEmbedRoutes()

for (const plugin of await activePlugins(platform.plugins)) {
  if (!plugin.routes) continue
  const { default: registerRoutes } = await plugin.routes()
  const pending: Promise<void>[] = []
  const group = router
    .group(() => {
      const result = registerRoutes()
      if (result instanceof Promise) pending.push(result)
    })
    .prefix('/v1')
  await Promise.all(pending)
  // Tenant + idempotency middleware on every plugin route, except public
  // embed routes (`auth: 'embed'`), which get the embed key middleware.
  securePluginRoutes(group)
}
