import router from '@adonisjs/core/services/router'
import { BriskRoute, RouteGroup, RouteResource, type Route } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { operationByName } from '#core/openapi/operation_registry'
import { embedSchemas } from '#core/openapi/embed_schemas'
import { pageQueryValidator } from '#validators/common_validator'
import { createEmbedKeyValidator, updateEmbedKeyValidator } from '#validators/embed_key_validator'

const EmbedKeysController = () => import('#controllers/embed_keys_controller')
const EmbedKeyInfoController = () => import('#controllers/embed_key_info_controller')

const idParams = { id: { type: 'string', format: 'uuid' } }

/** Embed keys (workspace admins) and the public key-info route for widgets. */
export function registerEmbedRoutes() {
  router
    .group(() => {
      router.get('/embed/keys', [EmbedKeysController, 'index']).openapi({
        operationId: 'core.embed_keys.list',
        summary: 'Publishable embed keys of the current workspace (admins)',
        tag: 'Embed',
        scope: 'user',
        query: pageQueryValidator,
        responses: {
          200: { description: 'A page of embed keys', schema: embedSchemas.embedKeyPage },
          403: { description: 'Not an admin' },
        },
      })
      router.post('/embed/keys', [EmbedKeysController, 'store']).openapi({
        operationId: 'core.embed_keys.create',
        summary: 'Create a publishable embed key with allowed origins and capabilities (admins)',
        tag: 'Embed',
        scope: 'user',
        body: createEmbedKeyValidator,
        responses: {
          201: { description: 'Created', schema: embedSchemas.EmbedKey },
          403: { description: 'Not an admin' },
        },
      })
      router.get('/embed/keys/:id', [EmbedKeysController, 'show']).openapi({
        operationId: 'core.embed_keys.show',
        summary: 'One embed key (admins)',
        tag: 'Embed',
        scope: 'user',
        params: idParams,
        responses: {
          200: { description: 'The embed key', schema: embedSchemas.EmbedKey },
          403: { description: 'Not an admin' },
        },
      })
      router.patch('/embed/keys/:id', [EmbedKeysController, 'update']).openapi({
        operationId: 'core.embed_keys.update',
        summary: 'Change origins, capabilities, rate limit or form definition (admins)',
        tag: 'Embed',
        scope: 'user',
        params: idParams,
        body: updateEmbedKeyValidator,
        responses: {
          200: { description: 'Updated', schema: embedSchemas.EmbedKey },
          403: { description: 'Not an admin' },
          409: { description: 'The key is revoked' },
        },
      })
      router.delete('/embed/keys/:id', [EmbedKeysController, 'destroy']).openapi({
        operationId: 'core.embed_keys.revoke',
        summary: 'Revoke an embed key (admins); widgets using it stop working at once',
        tag: 'Embed',
        scope: 'user',
        params: idParams,
        responses: { 204: { description: 'Revoked' }, 403: { description: 'Not an admin' } },
      })
    })
    .prefix('/v1')
    .use([middleware.tenant(), middleware.idempotency()])

  protectEmbedRoute(
    router.get('/v1/embed/key', [EmbedKeyInfoController, 'show']).openapi({
      operationId: 'core.embed_keys.info',
      summary: 'What the publishable key of this widget may do, from this origin',
      tag: 'Embed',
      auth: 'embed',
      responses: { 200: { description: 'Key capabilities', schema: embedSchemas.EmbedKeyInfo } },
    })
  )
}

const preflightPatterns = new Set<string>()

/**
 * Puts `middleware.embedKey({ capability })` in front of a route described
 * with `auth: 'embed'` and registers the CORS preflight (OPTIONS) of its path.
 * Fails at boot for a route that is not an embed route.
 */
export function protectEmbedRoute(route: Route) {
  const spec = operationByName(route.getName())
  if (spec?.auth !== 'embed') {
    throw new Error(`Route ${route.toJSON().pattern} is not described with auth: 'embed'`)
  }
  prepend(route, [middleware.embedKey({ capability: spec.capability })])
  const pattern = route.toJSON().pattern // with the group prefixes
  if (!preflightPatterns.has(pattern)) {
    preflightPatterns.add(pattern)
    router.route(pattern, ['OPTIONS'], () => {}).use(middleware.embedKey({}))
  }
  return route
}

/**
 * Secures the routes a plugin registered in `group`: public embed routes
 * (`auth: 'embed'` in their `.openapi()`) get the embed key middleware and
 * nothing else; every other route gets the tenant and idempotency middleware,
 * so a plugin cannot leave a route open by accident.
 */
export function securePluginRoutes(group: RouteGroup) {
  for (const route of flattenRoutes(group)) {
    if (operationByName(route.getName())?.auth === 'embed') {
      protectEmbedRoute(route)
    } else {
      prepend(route, [middleware.tenant(), middleware.idempotency()])
    }
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
