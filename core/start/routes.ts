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
import { registerPrivacyRoutes } from '#core/routes/privacy_routes'
import { registerAiRoutes } from '#core/routes/ai_routes'
import { registerSecretRoutes } from '#core/routes/secret_routes'
import { registerIntegrationRoutes } from '#core/routes/integration_routes'
import { registerWebhookRoutes } from '#core/routes/webhook_routes'
import { registerSupportRoutes } from '#core/routes/support_routes'
import { registerAnalyticsEventRoutes } from '#core/routes/analytics_event_routes'
import { registerChatRoutes } from '#core/routes/chat_routes'
import { registerEmbedRoutes, securePluginRoutes } from '#core/routes/embed_routes'

registerSystemRoutes()
registerAuthRoutes()
registerWorkspaceRoutes()
registerPreferenceRoutes()
registerPrivacyRoutes()
registerAiRoutes()
registerSecretRoutes()
registerIntegrationRoutes()
registerWebhookRoutes()
registerSupportRoutes()
registerAnalyticsEventRoutes()
registerChatRoutes()
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
