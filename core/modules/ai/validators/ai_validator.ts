import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

const PROVIDERS = ['local', 'openai', 'anthropic', 'google', 'mistral'] as const
const REMOTE = ['openai', 'anthropic', 'google', 'mistral'] as const
const DAY_OR_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/
const purpose = vine.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/)

/** Query of GET /v1/ai/usage: an optional date range (default: the last 30 days). */
export const usageQueryValidator = vine.create({
  from: vine.string().regex(DAY_OR_INSTANT).optional(),
  to: vine.string().regex(DAY_OR_INSTANT).optional(),
})

/** Body of POST /v1/ai/generate (text, or an object when `schema` is given). */
export const generateValidator = vine.create({
  purpose: purpose.clone().optional(),
  system: vine.string().maxLength(20_000).optional(),
  messages: vine
    .array(
      vine.object({
        role: vine.enum(['system', 'user', 'assistant'] as const),
        content: vine.string().minLength(1).maxLength(100_000),
      })
    )
    .minLength(1)
    .maxLength(100),
  provider: vine.enum(PROVIDERS).optional(),
  model: vine.string().maxLength(200).optional(),
  max_output_tokens: vine.number().withoutDecimals().range([1, 32_000]).optional(),
  temperature: vine.number().range([0, 2]).optional(),
  context: vine.array(vine.string().maxLength(50_000)).maxLength(50).optional(),
  schema: vine.record(vine.any()).optional(),
  schema_name: vine
    .string()
    .regex(/^[A-Za-z][\w-]{0,63}$/)
    .optional(),
})

/** Body of POST /v1/ai/embeddings. */
export const embedValidator = vine.create({
  purpose: purpose.clone().optional(),
  texts: vine.array(vine.string().maxLength(32_000)).minLength(1).maxLength(256),
  provider: vine.enum(PROVIDERS).optional(),
  model: vine.string().maxLength(200).optional(),
})

/** Query of GET /v1/ai/models. */
export const modelsQueryValidator = vine.create({
  ...pageQuery,
  provider: vine.enum(REMOTE).optional(),
  type: vine.enum(['flagship', 'fast', 'legacy'] as const).optional(),
  active: vine.boolean().optional(),
})

/** Query of GET /v1/ai/models/default. */
export const defaultModelQueryValidator = vine.create({
  provider: vine.enum(REMOTE),
  type: vine.enum(['flagship', 'fast', 'legacy'] as const).optional(),
})
