import type { Route } from '@adonisjs/core/http'
import type { VineValidator } from '@vinejs/vine'
import type { UploadSpec } from '#core/http/streamed_upload'

/** A JSON Schema (2020-12) object or a `$ref` to a component. */
export type JsonSchema = Record<string, unknown>

/** One documented response of an operation. */
export interface ResponseSpec {
  description: string
  schema?: JsonSchema
  /**
   * Media type of a non-JSON answer (`text/csv`, `application/pdf`,
   * `image/webp`, `text/calendar`, ...); `schema` then defaults to a string
   * (binary for non-text types).
   */
  contentType?: string
}

/**
 * The OpenAPI description of one route, attached with `.openapi({...})` where
 * the route is declared. Request schemas come from the VineJS validators the
 * controller uses; responses reference schemas from `schema_registry`.
 */
export interface OperationSpec {
  /** `<plugin>.<resource>.<action>`; `core.` for the platform's own routes. */
  operationId: string
  summary: string
  description?: string
  tag: string
  /**
   * `bearer` (default): user token or API key. `none`: public. `embed`: a
   * publishable embed key from an allowed origin (`middleware.embedKey`),
   * never the tenant middleware.
   */
  auth?: 'bearer' | 'none' | 'embed'
  /** For `auth: 'embed'`: the capability the embed key must carry. */
  capability?: string
  /**
   * For `auth: 'embed'`: an end-user session token (`Authorization: Bearer`,
   * signed by the host's backend with a workspace secret key) is `required`,
   * or `optional` (verified when sent). Without it the route ignores tokens.
   * See docs/guide/embed-sessions.md.
   */
  session?: 'required' | 'optional'
  /** For routes with `session`: the end-user scope the token must grant (e.g. `chat`). */
  sessionScope?: string
  /**
   * Scope an API key must carry, e.g. `preferences:write`; `user` for routes
   * that need a user token; `any` for routes every key may call. Required on
   * every authenticated route, so no route is open to keys by omission.
   */
  scope?: string
  body?: VineValidator<any, any>
  /**
   * A streamed multipart upload (`multipart/form-data`): the file field, its
   * size limit and the other form fields. The route policy reads the file
   * before the tenant transaction opens; the controller takes it with
   * `streamUpload(ctx)`.
   */
  upload?: UploadSpec
  /**
   * A body that is not JSON and not an upload, taken whole as text (the body
   * parser's `raw` types, `request.raw()`): e.g. a `message/rfc822` mail.
   */
  rawBody?: { contentTypes: string[]; description: string }
  query?: VineValidator<any, any>
  /** Path parameter schemas; parameters not listed are plain strings. */
  params?: Record<string, JsonSchema>
  responses: Record<number, ResponseSpec>
}

/**
 * The `params` of a route whose named path parameters are UUIDs (default:
 * just `id`), e.g. `uuidParams('id', 'deliveryId')`.
 */
export function uuidParams(...names: string[]): Record<string, JsonSchema> {
  const uuid = { type: 'string', format: 'uuid' }
  return Object.fromEntries((names.length ? names : ['id']).map((name) => [name, uuid]))
}

/** A registered operation: the Adonis route and its description. */
export interface RegisteredOperation {
  route: Route
  spec: OperationSpec
}

const operations = new Map<string, RegisteredOperation>()

/**
 * Records the description of a route; operationIds must be unique.
 */
export function registerOperation(route: Route, spec: OperationSpec) {
  if ((spec.auth ?? 'bearer') === 'bearer' && !spec.scope) {
    throw new Error(`Operation "${spec.operationId}" needs a scope (or scope: 'any' / 'user')`)
  }
  if ((spec.session || spec.sessionScope) && spec.auth !== 'embed') {
    throw new Error(`Operation "${spec.operationId}": session only applies to auth: 'embed'`)
  }
  if (spec.sessionScope && !spec.session) {
    throw new Error(`Operation "${spec.operationId}": sessionScope needs session`)
  }
  if (operations.has(spec.operationId)) {
    throw new Error(`Duplicate OpenAPI operationId "${spec.operationId}"`)
  }
  operations.set(spec.operationId, { route, spec })
}

/** Every described operation, in registration order. */
export function registeredOperations(): RegisteredOperation[] {
  return [...operations.values()]
}

/** The description of the route with this name (the operationId), if any. */
export function operationByName(name: string | undefined): OperationSpec | undefined {
  return name ? operations.get(name)?.spec : undefined
}
