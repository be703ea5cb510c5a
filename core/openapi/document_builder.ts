import router from '@adonisjs/core/services/router'
import { CORE_VERSION } from '#core/plugins/plugin_registry'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { registeredOperations, type JsonSchema } from '#core/openapi/operation_registry'
import type { UploadSpec } from '#core/http/streamed_upload'
import { registeredSchemas } from '#core/openapi/schema_registry'
import { toJsonSchema2020 } from '#core/openapi/json_schema'
import { CORE_TAGS, PROBLEM_SCHEMAS } from '#core/openapi/core_components'

const problemResponse = (description: string, schema = 'Problem') => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${schema}` } } },
})

/** The schema of a non-JSON answer: text, or binary bytes. */
function mediaSchema(contentType: string): JsonSchema {
  return contentType.startsWith('text/')
    ? { type: 'string' }
    : { type: 'string', contentMediaType: contentType }
}

/** A `multipart/form-data` request body: the file field plus the declared form fields. */
function multipartBody(upload: UploadSpec) {
  const fields = upload.fields
    ? (toJsonSchema2020(upload.fields.toJSONSchema()) as JsonSchema)
    : { properties: {}, required: [] }
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: {
            [upload.field]: {
              type: 'string',
              contentMediaType: 'application/octet-stream',
              description: `The file (at most ${typeof upload.maxBytes === 'function' ? upload.maxBytes() : upload.maxBytes} bytes); its type is detected from its bytes`,
            },
            ...((fields.properties ?? {}) as Record<string, JsonSchema>),
          },
          required: [upload.field, ...((fields.required ?? []) as string[])],
        },
      },
    },
  }
}

/**
 * Builds the OpenAPI 3.1 document from the routes that are registered and the
 * descriptions attached to them: paths, parameters, request bodies from VineJS
 * validators, responses, security, tags per plugin, and the problem shape.
 */
export function buildOpenApiDocument(plugins: LoadedPlugin[]) {
  const paths: Record<string, Record<string, unknown>> = {}

  for (const { route, spec } of registeredOperations()) {
    const json = route.toJSON()
    const path = json.pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    const secured = (spec.auth ?? 'bearer') === 'bearer'
    const embed = spec.auth === 'embed'
    const parameters: JsonSchema[] = []

    for (const token of json.tokens.filter((item) => item.type === 1)) {
      parameters.push({
        name: token.val,
        in: 'path',
        required: true,
        schema: spec.params?.[token.val] ?? { type: 'string' },
      })
    }
    if (spec.query) {
      const query = toJsonSchema2020(spec.query.toJSONSchema()) as JsonSchema
      const properties = (query.properties ?? {}) as Record<string, JsonSchema>
      const required = new Set((query.required ?? []) as string[])
      for (const [name, schema] of Object.entries(properties)) {
        parameters.push({ name, in: 'query', required: required.has(name), schema })
      }
    }
    if (secured) {
      parameters.push({ $ref: '#/components/parameters/WorkspaceId' })
    }

    for (const method of json.methods) {
      const verb = method.toLowerCase()
      if (verb === 'head') continue
      const operationParameters = [...parameters]
      if (verb === 'post' && secured) {
        operationParameters.push({ $ref: '#/components/parameters/IdempotencyKey' })
      }
      const responses: Record<string, unknown> = {}
      for (const [status, response] of Object.entries(spec.responses)) {
        responses[status] =
          Number(status) >= 400 && !response.schema
            ? problemResponse(response.description)
            : response.schema
              ? {
                  description: response.description,
                  headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
                  content: {
                    [response.contentType ?? 'application/json']: { schema: response.schema },
                  },
                }
              : response.contentType
                ? {
                    description: response.description,
                    content: {
                      [response.contentType]: { schema: mediaSchema(response.contentType) },
                    },
                  }
                : { description: response.description }
      }
      if (spec.upload) {
        responses['413'] ??= problemResponse('The file is larger than the limit')
      }
      if (spec.body || spec.query || spec.upload)
        responses['422'] ??= problemResponse('Invalid input', 'ValidationProblem')
      if (secured) {
        responses['401'] ??= problemResponse('Missing, invalid or expired credential')
        responses['429'] ??= problemResponse(
          "Rate limit of the credential reached (its workspace plan's); see Retry-After"
        )
        responses['503'] ??= problemResponse('The database is unavailable; retry later')
        responses['404'] ??= problemResponse('Not found, or not visible in this workspace')
      }
      if (embed && spec.session) {
        responses['401'] ??= problemResponse(
          'Missing, unknown or revoked embed key; or a session token that is missing, expired, forged or revoked (the detail starts with the reason)'
        )
        if (spec.sessionScope) {
          responses['403'] ??= problemResponse(
            `Origin not allowed for the key, capability missing, or the session token lacks the "${spec.sessionScope}" scope`
          )
        }
      }
      if (embed) {
        responses['401'] ??= problemResponse('Missing, unknown or revoked embed key')
        responses['403'] ??= problemResponse(
          'Origin not allowed for the key, or capability missing'
        )
        responses['429'] ??= problemResponse('Rate limit of the key reached for this client')
      }
      responses['400'] ??= problemResponse('Malformed request')
      responses.default = problemResponse('Unexpected error')

      paths[path] ??= {}
      paths[path][verb] = {
        operationId: spec.operationId,
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        tags: [spec.tag],
        ...(secured
          ? {
              security:
                spec.scope === 'user'
                  ? [{ UserToken: [] }]
                  : [{ UserToken: [] }, { ApiKey: spec.scope === 'any' ? [] : [spec.scope!] }],
              ...(spec.scope ? { 'x-required-scope': spec.scope } : {}),
            }
          : embed
            ? {
                security: embedSecurity(spec.session),
                ...(spec.capability ? { 'x-embed-capability': spec.capability } : {}),
                ...(spec.session ? { 'x-embed-session': spec.session } : {}),
                ...(spec.sessionScope ? { 'x-embed-session-scope': spec.sessionScope } : {}),
              }
            : { security: [] }),
        ...(operationParameters.length ? { parameters: operationParameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': { schema: toJsonSchema2020(spec.body.toJSONSchema()) },
                },
              },
            }
          : spec.upload
            ? { requestBody: multipartBody(spec.upload) }
            : spec.rawBody
              ? {
                  requestBody: {
                    required: true,
                    description: spec.rawBody.description,
                    content: Object.fromEntries(
                      spec.rawBody.contentTypes.map((type) => [
                        type,
                        { schema: { type: 'string' } },
                      ])
                    ),
                  },
                }
              : {}),
        responses,
      }
    }
  }

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Action Insight Pilot API',
      version: CORE_VERSION,
      description:
        'Embeddable, headless AI marketing platform. Every tenant route acts inside one workspace, chosen with X-Workspace-Id (default: your personal workspace); PostgreSQL row level security enforces it.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [
      ...CORE_TAGS,
      ...plugins
        .filter((plugin) => plugin.openapi)
        .map((plugin) => ({ name: plugin.openapi!.tag, description: plugin.openapi!.description })),
    ],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        UserToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'aip_at_…',
          description: 'User access token from /v1/auth/login or /v1/auth/register',
        },
        ApiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'aip_sk_…',
          description: 'Workspace API key with scopes, from /v1/api-keys',
        },
        EmbedKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Embed-Key',
          description:
            'Publishable embed key (pk_…) from /v1/embed/keys; the request Origin must be one of its allowed origins',
        },
        EmbedKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description: 'The publishable embed key as a query parameter (same rules)',
        },
        EmbedSession: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "End-user session token: an HS256 JWT your backend signs with a workspace secret key (kid = the key's id, aud = aip-embed, sub = your user's id, scope, exp at most 24 h after iat); see the embed session guide",
        },
      },
      parameters: {
        WorkspaceId: {
          name: 'X-Workspace-Id',
          in: 'header',
          required: false,
          description:
            "Workspace to act in; defaults to the caller's personal workspace (API keys: the key's workspace)",
          schema: { type: 'string', format: 'uuid' },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes the POST safe to retry for 24 hours: the same key and body replay the first response; the same key with another body is refused (422)',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        RequestId: {
          description: 'Identifier of this request in the logs',
          schema: { type: 'string' },
        },
      },
      // By name, so the document does not depend on the order domains load in.
      schemas: {
        ...PROBLEM_SCHEMAS,
        ...Object.fromEntries(
          Object.entries(registeredSchemas()).sort(([a], [b]) => a.localeCompare(b))
        ),
      },
    },
  }
}

/** Every route under /v1 and /health registered with the router (method + pattern). */
export function registeredRoutes(): { method: string; pattern: string; name?: string }[] {
  return Object.values(router.toJSON())
    .flat()
    .flatMap((route) =>
      route.methods
        .filter((method) => method !== 'HEAD' && method !== 'OPTIONS')
        .map((method) => ({ method, pattern: route.pattern, name: route.name }))
    )
}

/**
 * The security requirements of an embed route: the publishable key (header or
 * query), with the end-user session token too when the route reads one
 * (alone as well when the token is optional).
 */
function embedSecurity(session: 'required' | 'optional' | undefined) {
  const keyOnly = [{ EmbedKey: [] }, { EmbedKeyQuery: [] }]
  if (!session) return keyOnly
  const withSession = [
    { EmbedKey: [], EmbedSession: [] },
    { EmbedKeyQuery: [], EmbedSession: [] },
  ]
  return session === 'required' ? withSession : [...withSession, ...keyOnly]
}
