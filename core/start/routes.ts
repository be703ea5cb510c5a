/*
| Routes: the kernel's own (health, the API description), then every active
| domain's (core modules first, then plugins, each in dependency order), all
| mounted the same way: under /v1, secured by the one route policy
| (core/http/route_policy.ts) and described for the OpenAPI document.
*/
import '#core/openapi/route_macro'
import platform from '#config/platform'
import { activeDomains } from '#core/plugins/plugin_registry'
import { registerSystemRoutes } from '#core/http/system_routes'
import { mountDomainRoutes } from '#core/http/route_policy'

registerSystemRoutes()

for (const domain of await activeDomains(platform.plugins)) {
  if (!domain.routes) continue
  const { default: registerRoutes } = await domain.routes()
  mountDomainRoutes(registerRoutes)
}
