import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

/**
 * A web origin exactly as browsers send it in the Origin header: http(s),
 * host, optional port, nothing else. Stored normalised (lower case, no default
 * port, no trailing slash).
 */
const webOrigin = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  const bare =
    url &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    !/[?#]/.test(value) &&
    !/^https?:\/\/[^/]+\/./.test(value)
  if (!bare) {
    field.report(
      'The {{ field }} field must be an origin like https://www.example.com (scheme, host and optional port only)',
      'origin',
      field
    )
    return
  }
  field.mutate(url!.origin, field)
})

const origins = vine
  .array(vine.string().trim().maxLength(255).use(webOrigin()))
  .minLength(1)
  .maxLength(50)
  .distinct()

const capabilities = vine
  .array(
    vine
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/)
  )
  .minLength(1)
  .maxLength(20)
  .distinct()

/** Body of POST /v1/embed/keys. */
export const createEmbedKeyValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
  allowed_origins: origins,
  capabilities,
  rate_limit_per_minute: vine.number().withoutDecimals().range([1, 10000]).optional(),
})

/** Body of PATCH /v1/embed/keys/:id (all optional). */
export const updateEmbedKeyValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100).optional(),
  allowed_origins: origins.clone().optional(),
  capabilities: capabilities.clone().optional(),
  rate_limit_per_minute: vine.number().withoutDecimals().range([1, 10000]).optional(),
})
