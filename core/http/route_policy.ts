import router from '@adonisjs/core/services/router'
import { BriskRoute, RouteGroup, RouteResource, type Route } from '@adonisjs/core/http'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
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
        direct(middleware.streamedUpload(spec.upload)),
        ...tenantStack(route, spec.scope),
      ])
    } else {
      prepend(route, tenantStack(route, spec?.scope))
    }
  }
}

/**
 * The tenant middleware with the route's scope, then the Idempotency-Key
 * middleware on routes that answer POST (the only method it acts on: on any
 * other it only called `next()`, one more layer per request for nothing).
 */
function tenantStack(route: Route, scope: string | undefined) {
  const stack: NamedMiddleware[] = [direct(middleware.tenant({ scope }))]
  if (route.toJSON().methods.includes('POST')) stack.push(direct(middleware.idempotency()))
  return stack
}

/** A named middleware reference as `router.named()` builds it. */
type NamedMiddleware = ReturnType<(typeof middleware)[keyof typeof middleware]>

/** A middleware instance, called with the context, `next` and the route's options. */
interface MiddlewareInstance {
  handle(ctx: HttpContext, next: NextFn, options?: unknown): unknown
}

/**
 * The one instance of each middleware class the policy mounts, by its lazy
 * import (null: the class needs the container).
 */
const instances = new Map<unknown, Promise<MiddlewareInstance | null>>()

/**
 * The same named middleware (same name, options and class), called on one
 * instance made at its first request. The framework's reference imports the
 * module, builds a new instance through the container and calls `handle`
 * through the container again on every request: in a CPU profile of
 * `GET /v1/preferences` that was a visible share of the request. The policy's
 * middleware are stateless classes without constructor dependencies; one that
 * declares some keeps the container path.
 */
function direct<Reference extends NamedMiddleware>(reference: Reference): Reference {
  const load = reference.reference as () => Promise<{
    default: (new () => MiddlewareInstance) & { containerInjections?: unknown }
  }>
  return {
    ...reference,
    handle: async (resolver, ctx, next, options) => {
      let instance = instances.get(load)
      if (!instance) {
        instance = load().then(({ default: Middleware }) =>
          Middleware.length === 0 && !Middleware.containerInjections ? new Middleware() : null
        )
        instances.set(load, instance)
      }
      const resolved = await instance
      return resolved
        ? resolved.handle(ctx, next, options)
        : reference.handle(resolver, ctx, next, options)
    },
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
    direct(
      middleware.embedKey({
        capability: spec.capability,
        session: spec.session,
        sessionScope: spec.sessionScope,
      })
    ),
  ])
  const pattern = route.toJSON().pattern // with the group prefixes
  if (!preflightPatterns.has(pattern)) {
    preflightPatterns.add(pattern)
    router.route(pattern, ['OPTIONS'], () => {}).use(direct(middleware.embedKey({})))
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
