import {
  APICallError,
  embedMany,
  generateObject,
  generateText,
  jsonSchema,
  NoObjectGeneratedError,
  streamText,
  type EmbeddingModel,
  type LanguageModel,
  type ModelMessage,
} from 'ai'
import { createOpenAI } from '@ai-sdk/openai'
import { createAnthropic } from '@ai-sdk/anthropic'
import { createGoogleGenerativeAI } from '@ai-sdk/google'
import { createMistral } from '@ai-sdk/mistral'
import type { ProviderAdapter, ResolvedTextRequest, TokenCounts } from '#core/ai/ai_types'
import type { RemoteProvider } from '#core/ai/ai_config'
import { AiGatewayError } from '#core/ai/ai_gateway_error'

/** Connection of one remote call: key, base URL (SDK default when unset), retries, timeout. */
export interface RemoteConnection {
  apiKey: string
  baseUrl?: string
  maxRetries: number
  timeoutMs: number
}

/** Output dimension asked of embedding models that can shorten their vectors (pgvector columns are 1536). */
const EMBEDDING_DIMENSIONS = 1536

function sdkProvider(provider: RemoteProvider, connection: RemoteConnection) {
  const options = { apiKey: connection.apiKey, baseURL: connection.baseUrl || undefined }
  switch (provider) {
    case 'openai': {
      const openai = createOpenAI(options)
      // Chat Completions: also what OpenAI-compatible servers behind a custom base URL speak.
      return {
        language: (id: string) => openai.chat(id),
        embedding: (id: string) => openai.embedding(id),
      }
    }
    case 'anthropic': {
      const anthropic = createAnthropic(options)
      return { language: (id: string) => anthropic.messages(id), embedding: null }
    }
    case 'google': {
      const google = createGoogleGenerativeAI(options)
      return {
        language: (id: string) => google.languageModel(id),
        embedding: (id: string) => google.embedding(id),
      }
    }
    case 'mistral': {
      const mistral = createMistral(options)
      return {
        language: (id: string) => mistral.chat(id),
        embedding: (id: string) => mistral.embedding(id),
      }
    }
  }
}

/** The system prompt plus the grounding snippets, numbered like the local provider cites them. */
function systemPrompt(req: ResolvedTextRequest) {
  const context = (req.context ?? []).filter((s) => s.trim())
  const parts = [req.system?.trim()].filter(Boolean) as string[]
  if (context.length) {
    parts.push(
      'Answer from this context when it is relevant; cite snippets as [n].\n' +
        context.map((snippet, index) => `[${index + 1}] ${snippet}`).join('\n')
    )
  }
  return parts.length ? parts.join('\n\n') : undefined
}

function messagesOf(req: ResolvedTextRequest): ModelMessage[] {
  return req.messages.map((m) => ({ role: m.role, content: m.content }) as ModelMessage)
}

function tokensOf(usage: { inputTokens?: number; outputTokens?: number } | undefined): TokenCounts {
  return { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 }
}

/** Turns an SDK failure into an AiGatewayError (502), keeping gateway errors as they are. */
export function providerFailure(provider: string, error: unknown): AiGatewayError {
  if (error instanceof AiGatewayError) return error
  if (NoObjectGeneratedError.isInstance(error)) {
    return AiGatewayError.invalidOutput(provider, [
      { field: '(root)', message: 'The model did not return a JSON object', rule: 'json' },
    ])
  }
  if (APICallError.isInstance(error)) return AiGatewayError.upstream(provider, error)
  return AiGatewayError.upstream(provider, error)
}

/**
 * An adapter for a remote provider through the AI SDK: text, streaming,
 * structured output and embeddings with the given key and base URL. Anthropic
 * has no embeddings API.
 */
export function remoteProvider(
  provider: RemoteProvider,
  connection: RemoteConnection
): ProviderAdapter {
  const sdk = sdkProvider(provider, connection)
  const common = (req: ResolvedTextRequest) => ({
    model: sdk.language(req.model) as LanguageModel,
    system: systemPrompt(req),
    messages: messagesOf(req),
    maxOutputTokens: req.maxOutputTokens,
    temperature: req.temperature,
    maxRetries: connection.maxRetries,
    abortSignal: req.signal
      ? AbortSignal.any([req.signal, AbortSignal.timeout(connection.timeoutMs)])
      : AbortSignal.timeout(connection.timeoutMs),
  })

  return {
    name: provider,

    async generateText(req) {
      try {
        const result = await generateText(common(req))
        return { text: result.text, tokens: tokensOf(result.totalUsage ?? result.usage) }
      } catch (error) {
        throw providerFailure(provider, error)
      }
    },

    async streamText(req, onDelta) {
      let failure: unknown
      try {
        const result = streamText({
          ...common(req),
          onError: ({ error }) => void (failure = error),
        })
        let text = ''
        for await (const part of result.fullStream) {
          if (part.type === 'text-delta') {
            const delta =
              (part as { text?: string; delta?: string }).text ??
              (part as { delta?: string }).delta ??
              ''
            if (!delta) continue
            text += delta
            await onDelta(delta)
          } else if (part.type === 'error') {
            throw (part as { error: unknown }).error
          }
        }
        if (failure) throw failure
        return { text, tokens: tokensOf(await result.totalUsage) }
      } catch (error) {
        throw providerFailure(provider, failure ?? error)
      }
    },

    async generateObject(req) {
      try {
        const result = await generateObject({
          ...common(req),
          schema: jsonSchema(req.schema as any),
          schemaName: req.schemaName,
          providerOptions: { openai: { strictJsonSchema: false } },
        })
        return {
          object: result.object,
          text: JSON.stringify(result.object),
          tokens: tokensOf(result.usage),
        }
      } catch (error) {
        throw providerFailure(provider, error)
      }
    },

    async embed(texts, model) {
      if (!sdk.embedding) throw AiGatewayError.unsupported(provider, 'embeddings')
      try {
        const result = await embedMany({
          model: sdk.embedding(model) as EmbeddingModel,
          values: texts,
          maxRetries: connection.maxRetries,
          abortSignal: AbortSignal.timeout(connection.timeoutMs),
          providerOptions:
            provider === 'google' && model.startsWith('gemini-embedding')
              ? { google: { outputDimensionality: EMBEDDING_DIMENSIONS } }
              : provider === 'openai' && model.startsWith('text-embedding-3')
                ? { openai: { dimensions: EMBEDDING_DIMENSIONS } }
                : undefined,
        })
        return {
          embeddings: result.embeddings,
          tokens: { inputTokens: result.usage?.tokens ?? 0, outputTokens: 0 },
        }
      } catch (error) {
        throw providerFailure(provider, error)
      }
    },
  }
}
