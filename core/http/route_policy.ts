import router from '@adonisjs/core/services/router'
import { BriskRoute, RouteGroup, RouteResource, type Route } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { operationByName, type OperationSpec } from '#core/openapi/operation_registry'
import type { PluginRoutes } from '#core/plugins/plugin_definition'
import { STREAMED_UPLOAD_PATTERNS } from '#core/http/streamed_upload_routes'

/*
| The one route policy of the platform. Every /v1 route of every core module
| and plugin is mounted here and secured from its `.openapi()` description:
|
| - `auth: 'none'`  public (login, OAuth callback, signed downloads, ...): nothing added;
| - `auth: 'embed'` public widget route: the embed key middleware (origin,
|                   capability, rate limit, and with `session` the end-user
|                   session token and its `sessionScope`) and its CORS preflight;
| - otherwise       authentication, the declared `scope`, the tenant
|                   transaction (tenant middleware) and Idempotency-Key replay;
|                   with `upload`, the streamed upload middleware first, so the
|                   file is read before the transaction opens.
|
| No route file attaches these middleware by hand, so a domain cannot leave a
| route open by accident.
*/

/**
 * Registers one domain's routes under /v1 and applies the route policy to each
 * of them. The routes must be registered synchronously: the router collects a
 * group's routes only while the group callback runs, so a route registered
 * after an `await` would escape both the /v1 prefix and the policy (an open
 * route). A routes module that returns a promise is refused at boot.
 */
export function mountDomainRoutes(registerRoutes: PluginRoutes) {
  let result: unknown
  const group = router
    .group(() => {
      result = registerRoutes()
    })
    .prefix('/v1')
  if (result instanceof Promise) {
    throw new Error(
      'A routes module must register its routes synchronously (no async function): routes registered after an await would not be secured by the route policy'
    )
  }
  applyRoutePolicy(group)
}

/** Secures every route of `group` as the route policy says (see above). */
function applyRoutePolicy(group: RouteGroup) {
  for (const route of flattenRoutes(group)) {
    const spec = operationByName(route.getName())
    if (spec?.auth === 'none') continue
    if (spec?.auth === 'embed') {
      protectEmbedRoute(route, spec)
    } else if (spec?.upload) {
      STREAMED_UPLOAD_PATTERNS.push(route.toJSON().pattern)
      prepend(route, [
        middleware.streamedUpload(spec.upload),
        middleware.tenant({ scope: spec.scope }),
        middleware.idempotency(),
      ])
    } else {
      prepend(route, [middleware.tenant({ scope: spec?.scope }), middleware.idempotency()])
    }
  }
}

const preflightPatterns = new Set<string>()

/**
 * Puts `middleware.embedKey({ capability, session, sessionScope })` in front of a route described
 * with `auth: 'embed'` (its `spec`) and registers the CORS preflight (OPTIONS)
 * of its path.
 */
function protectEmbedRoute(route: Route, spec: OperationSpec) {
  prepend(route, [
    middleware.embedKey({
      capability: spec.capability,
      session: spec.session,
      sessionScope: spec.sessionScope,
    }),
  ])
  const pattern = route.toJSON().pattern // with the group prefixes
  if (!preflightPatterns.has(pattern)) {
    preflightPatterns.add(pattern)
    router.route(pattern, ['OPTIONS'], () => {}).use(middleware.embedKey({}))
  }
}

/** Every Route inside a group, its nested groups and resources. */
function flattenRoutes(group: RouteGroup): Route[] {
  return group.routes.flatMap((entry): Route[] => {
    if (entry instanceof RouteGroup) return flattenRoutes(entry)
    if (entry instanceof RouteResource) return entry.routes
    if (entry instanceof BriskRoute) return entry.route ? [entry.route] : []
    return [entry]
  })
}

/**
 * Runs `stack` before the route's own middleware, like a group's `.use()`
 * does (the route's stack is shared by reference, see Route.getMiddleware).
 */
function prepend(route: Route, stack: Parameters<Route['use']>[0]) {
  route.getMiddleware().unshift((Array.isArray(stack) ? stack : [stack]) as never)
}
