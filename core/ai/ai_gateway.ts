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
  TokenCounts,
  AiUsage,
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
import { estimateTokens } from '#core/ai/text_analysis'
import { withTransactionReleased } from '#core/tenancy/released_transaction'
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

/** How the provider part of a call ended. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

/**
 * Runs the provider part of a call, then meters it. For a remote provider the
 * tenant transaction is released around the call (withTransactionReleased,
 * the same prepare / call with none open / record split as `aiMedia`):
 * everything the call needs was read before (route, key, grounding), the
 * provider answers with no transaction open, and each attempt's tokens
 * (`spent`) are metered in the new transaction, where the caller then writes
 * its results. The offline `local` provider runs inline. When a stream is
 * aborted (its client went away), what it used is committed on its own before
 * the error goes on, since the caller then rolls back. Other failures leave
 * their usage to the caller's outcome, as before (a failed request stores
 * nothing).
 */
async function callProvider<T>(
  route: Route,
  purpose: string,
  operation: UsageOperation,
  call: (spent: TokenCounts[]) => Promise<T>
): Promise<{ value: T; usages: AiUsage[] }> {
  const spent: TokenCounts[] = []
  const run = async (): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await call(spent) }
    } catch (error) {
      return { ok: false, error }
    }
  }
  const outcome = route.provider === 'local' ? await run() : await withTransactionReleased(run)
  const usages: AiUsage[] = []
  for (const tokens of spent) usages.push(await meter(route, purpose, operation, tokens))
  if (!outcome.ok) {
    // The caller rolls back on errors: an aborted stream's usage is committed first.
    if (usages.length && isAbort(outcome.error)) await withTransactionReleased(async () => {})
    throw outcome.error
  }
  return { value: outcome.value, usages }
}

function isAbort(error: unknown) {
  return error instanceof AiGatewayError && error.status === 499
}

/** Everything a text request sends, for estimating the input tokens of an aborted stream. */
function promptText(req: TextRequest) {
  return [req.system ?? '', ...(req.context ?? []), ...req.messages.map((m) => m.content)].join(
    '\n'
  )
}

/**
 * The platform's one entry point to AI models: text, streaming, structured
 * output (validated against a JSON Schema) and embeddings, over the offline
 * `local` provider or OpenAI, Anthropic, Google and Mistral. Must run inside a
 * tenant context: every call is metered in `ai_usage_events` in the caller's
 * tenant context. A remote call releases the caller's transaction while the
 * provider answers (see callProvider): read before the call, write after it.
 * Client-facing failures are AiGatewayError (4xx, or 502 for the provider's
 * faults).
 */
export const aiGateway = {
  /** Generates a text answer. */
  async generateText(request: TextRequest): Promise<TextResult> {
    tenant()
    checkTextRequest(request)
    const req = await grounded(request)
    const route = await routeText(req)
    const { value: result, usages } = await callProvider(
      route,
      req.purpose,
      'text',
      async (spent) => {
        const answer = await route.adapter.generateText({
          ...req,
          provider: route.provider,
          model: route.info.apiId,
        })
        spent.push(answer.tokens)
        return answer
      }
    )
    return { text: result.text, provider: route.provider, model: route.model, usage: usages[0] }
  },

  /**
   * Generates a text answer, calling `onDelta` with each piece as it arrives.
   * When `request.signal` aborts (the client went away), the call stops, the
   * tokens sent and produced so far are metered (estimated: providers report
   * usage only at the end) and AiGatewayError 499 is thrown.
   */
  async streamText(
    request: TextRequest,
    onDelta: (delta: string) => void | Promise<void>
  ): Promise<TextResult> {
    tenant()
    checkTextRequest(request)
    const req = await grounded(request)
    const route = await routeText(req)
    const { value: result, usages } = await callProvider(
      route,
      req.purpose,
      'stream',
      async (spent) => {
        let produced = ''
        let answer: Awaited<ReturnType<ProviderAdapter['streamText']>> | undefined
        try {
          answer = await route.adapter.streamText(
            { ...req, provider: route.provider, model: route.info.apiId },
            (delta) => {
              produced += delta
              return onDelta(delta)
            }
          )
        } catch (error) {
          if (!req.signal?.aborted) throw error
        }
        // An aborted stream may end quietly (the SDK ends it without an error):
        // either way, meter what was sent and produced, and store nothing.
        if (req.signal?.aborted || !answer) {
          spent.push({
            inputTokens: estimateTokens(promptText(req)),
            outputTokens: estimateTokens(produced),
          })
          throw AiGatewayError.aborted(route.provider)
        }
        spent.push(answer.tokens)
        return answer
      }
    )
    return { text: result.text, provider: route.provider, model: route.model, usage: usages[0] }
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
    const { value: result, usages } = await callProvider(
      route,
      req.purpose,
      'object',
      async (spent) => {
        for (let attempt = 1; ; attempt++) {
          let answer: Awaited<ReturnType<ProviderAdapter['generateObject']>>
          try {
            answer = await route.adapter.generateObject({
              ...req,
              provider: route.provider,
              model: route.info.apiId,
            })
          } catch (error) {
            const malformed =
              error instanceof AiGatewayError && error.code === 'E_AI_INVALID_OUTPUT'
            if (malformed && attempt < attempts) continue
            throw error
          }
          spent.push(answer.tokens)
          const errors = schemaErrors(validator, answer.object)
          if (!errors.length) return answer
          if (route.provider === 'local') throw AiGatewayError.unsatisfiableSchema(errors)
          if (attempt >= attempts) throw AiGatewayError.invalidOutput(route.provider, errors)
        }
      }
    )
    const usage = usages.at(-1)!
    return {
      object: result.object as T,
      text: result.text,
      provider: route.provider,
      model: route.model,
      usage,
    }
  },

  /**
   * Embeds texts (the local provider gives 1536-dimension hashing vectors). A
   * remote provider embeds with the caller's transaction released, as the
   * text calls do: locks taken before are gone when this returns, so a caller
   * that writes the vectors re-checks, in the new transaction, that what it
   * embedded is still current. No texts: nothing is called or released.
   */
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
    // Like the text calls: a remote provider embeds with no transaction open
    // (the caller reads before, writes after and re-checks what may have
    // changed meanwhile); the local embedder runs inline.
    const { value: result, usages } = await callProvider(
      route,
      req.purpose,
      'embed',
      async (spent) => {
        const answer = await route.adapter.embed(req.texts, model)
        spent.push(answer.tokens)
        return answer
      }
    )
    return { embeddings: result.embeddings, provider, model, usage: usages[0] }
  },
}
