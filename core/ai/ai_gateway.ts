import aiConfig from '#config/ai'
import { tenant } from '#core/tenancy/tenant_context'
import { AI_PROVIDERS, isRemoteProvider } from '#core/ai/ai_config'
import { AiGatewayError } from '#core/ai/ai_gateway_error'
import type {
  EmbedRequest,
  EmbedResult,
  ObjectRequest,
  ObjectResult,
  ProviderAdapter,
  TextRequest,
  TextResult,
} from '#core/ai/ai_types'
import { LOCAL_MODELS, localProvider } from '#core/ai/local_provider'
import { remoteProvider } from '#core/ai/remote_provider'
import { resolveApiKey } from '#core/ai/key_resolver'
import {
  defaultModel,
  embeddingModelInfo,
  textModelInfo,
  type ModelInfo,
} from '#core/ai/model_registry'
import { recordUsage, type UsageOperation } from '#core/ai/usage_meter'
import { aiCalls, aiCost, aiTokens } from '#core/observability/metrics'
import { compileSchema, schemaErrors } from '#core/ai/schema_validation'
import { generationContext } from '#core/ai/generation_context'

export { AiGatewayError } from '#core/ai/ai_gateway_error'
export type * from '#core/ai/ai_types'

const PURPOSE = /^[a-z][a-z0-9_.:-]{0,63}$/

function invalid(field: string, message: string) {
  return new AiGatewayError(422, 'validation-error', 'Validation failed', message, {
    errors: [{ field, message, rule: 'invalid' }],
  })
}

function checkPurpose(purpose: string) {
  if (typeof purpose !== 'string' || !PURPOSE.test(purpose)) {
    throw invalid(
      'purpose',
      'purpose must be a lower-case label such as "chat" or "campaigns.content"'
    )
  }
}

/** The request with the plugins' generation context added to its own (see generation_context.ts). */
async function grounded<R extends TextRequest>(req: R): Promise<R> {
  const extra = await generationContext(req.purpose)
  return extra.length ? { ...req, context: [...(req.context ?? []), ...extra] } : req
}

function checkTextRequest(req: TextRequest) {
  checkPurpose(req.purpose)
  if (!Array.isArray(req.messages) || req.messages.length === 0) {
    throw invalid('messages', 'At least one message is required')
  }
  for (const message of req.messages) {
    if (
      !['system', 'user', 'assistant'].includes(message?.role) ||
      typeof message.content !== 'string'
    ) {
      throw invalid(
        'messages',
        'Each message needs a role (system, user, assistant) and a text content'
      )
    }
  }
  if (
    req.maxOutputTokens !== undefined &&
    !(Number.isInteger(req.maxOutputTokens) && req.maxOutputTokens > 0)
  ) {
    throw invalid('maxOutputTokens', 'maxOutputTokens must be a positive integer')
  }
}

/** Provider adapter and model for a call, with the key resolved. */
interface Route {
  adapter: ProviderAdapter
  provider: string
  model: string
  info: ModelInfo
}

async function adapterFor(provider: string, purpose: string): Promise<ProviderAdapter> {
  if (provider === 'local') return localProvider
  if (!isRemoteProvider(provider)) throw AiGatewayError.unknownProvider(provider)
  const key = await resolveApiKey(provider, purpose)
  if (!key) throw AiGatewayError.missingKey(provider)
  const settings = aiConfig.providers[provider]
  return remoteProvider(provider, {
    apiKey: key.key,
    baseUrl: settings.baseUrl,
    maxRetries: aiConfig.maxRetries,
    timeoutMs: aiConfig.timeoutMs,
  })
}

async function routeText(req: TextRequest): Promise<Route> {
  const provider = req.provider ?? aiConfig.defaultProvider
  if (!(AI_PROVIDERS as readonly string[]).includes(provider))
    throw AiGatewayError.unknownProvider(provider)
  if (provider === 'local') {
    if (req.model && req.model !== LOCAL_MODELS.text) {
      throw invalid('model', `The local provider's text model is "${LOCAL_MODELS.text}"`)
    }
    return {
      adapter: localProvider,
      provider,
      model: req.model ?? LOCAL_MODELS.text,
      info: { apiId: LOCAL_MODELS.text, price: null },
    }
  }
  const model = req.model ?? (await defaultModel(provider, 'flagship'))
  if (!model) throw AiGatewayError.noModel(provider, 'text')
  const info = await textModelInfo(provider, model)
  return { adapter: await adapterFor(provider, req.purpose), provider, model, info }
}

async function meter(
  route: Route,
  purpose: string,
  operation: UsageOperation,
  tokens: { inputTokens: number; outputTokens: number }
) {
  const usage = await recordUsage({
    purpose,
    operation,
    provider: route.provider,
    model: route.model,
    tokens,
    price: route.info.price,
  })
  aiCalls.inc({ provider: route.provider, operation })
  aiCost.inc({ provider: route.provider }, usage.costUsd)
  aiTokens.inc({ provider: route.provider, direction: 'input' }, usage.inputTokens)
  aiTokens.inc({ provider: route.provider, direction: 'output' }, usage.outputTokens)
  return usage
}

/**
 * The platform's one entry point to AI models: text, streaming, structured
 * output (validated against a JSON Schema) and embeddings, over the offline
 * `local` provider or OpenAI, Anthropic, Google and Mistral. Must run inside a
 * tenant context: every call is metered in `ai_usage_events` in the caller's
 * transaction. Client-facing failures are AiGatewayError (4xx, or 502 for the
 * provider's faults).
 */
export const aiGateway = {
  /** Generates a text answer. */
  async generateText(request: TextRequest): Promise<TextResult> {
    tenant()
    checkTextRequest(request)
    const req = await grounded(request)
    const route = await routeText(req)
    const result = await route.adapter.generateText({
      ...req,
      provider: route.provider,
      model: route.info.apiId,
    })
    const usage = await meter(route, req.purpose, 'text', result.tokens)
    return { text: result.text, provider: route.provider, model: route.model, usage }
  },

  /** Generates a text answer, calling `onDelta` with each piece as it arrives. */
  async streamText(
    request: TextRequest,
    onDelta: (delta: string) => void | Promise<void>
  ): Promise<TextResult> {
    tenant()
    checkTextRequest(request)
    const req = await grounded(request)
    const route = await routeText(req)
    const result = await route.adapter.streamText(
      { ...req, provider: route.provider, model: route.info.apiId },
      onDelta
    )
    const usage = await meter(route, req.purpose, 'stream', result.tokens)
    return { text: result.text, provider: route.provider, model: route.model, usage }
  },

  /** Generates an object that validates against `schema` (else AiGatewayError: 502, 422 for `local`). */
  async generateObject<T = unknown>(request: ObjectRequest): Promise<ObjectResult<T>> {
    tenant()
    checkTextRequest(request)
    const req = await grounded(request)
    if (typeof req.schemaName !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(req.schemaName)) {
      throw invalid('schemaName', 'schemaName must be an identifier (letters, digits, _ and -)')
    }
    const validator = compileSchema(req.schema)
    const route = await routeText(req)
    // A remote model may answer malformed structured output now and then: ask
    // again (each attempt metered) before answering 502 ai-invalid-output.
    const attempts =
      route.provider === 'local' ? 1 : Math.max(1, Math.floor(aiConfig.objectAttempts ?? 2))
    let result!: Awaited<ReturnType<ProviderAdapter['generateObject']>>
    let usage!: Awaited<ReturnType<typeof meter>>
    for (let attempt = 1; ; attempt++) {
      try {
        result = await route.adapter.generateObject({
          ...req,
          provider: route.provider,
          model: route.info.apiId,
        })
      } catch (error) {
        const malformed = error instanceof AiGatewayError && error.code === 'E_AI_INVALID_OUTPUT'
        if (malformed && attempt < attempts) continue
        throw error
      }
      usage = await meter(route, req.purpose, 'object', result.tokens)
      const errors = schemaErrors(validator, result.object)
      if (!errors.length) break
      if (route.provider === 'local') throw AiGatewayError.unsatisfiableSchema(errors)
      if (attempt >= attempts) throw AiGatewayError.invalidOutput(route.provider, errors)
    }
    return {
      object: result.object as T,
      text: result.text,
      provider: route.provider,
      model: route.model,
      usage,
    }
  },

  /** Embeds texts (the local provider gives 1536-dimension hashing vectors). */
  async embed(req: EmbedRequest): Promise<EmbedResult> {
    tenant()
    checkPurpose(req.purpose)
    if (!Array.isArray(req.texts) || req.texts.some((text) => typeof text !== 'string')) {
      throw invalid('texts', 'texts must be a list of strings')
    }
    const provider = req.provider ?? aiConfig.defaultProvider
    if (!(AI_PROVIDERS as readonly string[]).includes(provider))
      throw AiGatewayError.unknownProvider(provider)
    let model: string
    if (provider === 'local') {
      if (req.model && req.model !== LOCAL_MODELS.embedding) {
        throw invalid(
          'model',
          `The local provider's embedding model is "${LOCAL_MODELS.embedding}"`
        )
      }
      model = LOCAL_MODELS.embedding
    } else {
      const configured = isRemoteProvider(provider)
        ? aiConfig.providers[provider].embeddingModel
        : undefined
      if (provider === 'anthropic') throw AiGatewayError.unsupported(provider, 'embeddings')
      model = req.model ?? configured ?? ''
      if (!model) throw AiGatewayError.noModel(provider, 'embedding')
    }
    const route: Route = {
      adapter: await adapterFor(provider, req.purpose),
      provider,
      model,
      info:
        provider === 'local' ? { apiId: model, price: null } : embeddingModelInfo(provider, model),
    }
    if (req.texts.length === 0) {
      return {
        embeddings: [],
        provider,
        model,
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      }
    }
    const result = await route.adapter.embed(req.texts, model)
    const usage = await meter(route, req.purpose, 'embed', result.tokens)
    return { embeddings: result.embeddings, provider, model, usage }
  },
}
