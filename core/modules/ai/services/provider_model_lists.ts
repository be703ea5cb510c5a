import { createOpenAI } from '@ai-sdk/openai'
import { createAnthropic } from '@ai-sdk/anthropic'
import { createGoogleGenerativeAI } from '@ai-sdk/google'
import { createMistral } from '@ai-sdk/mistral'
import { type RemoteProvider } from '#sdk'

/** A text model a provider lists. */
export interface ListedModel {
  name: string
  contextWindow: number | null
  maxTokens: number | null
  metadata: Record<string, unknown>
}

/** Connection used to list a provider's models. */
export interface ListConnection {
  apiKey: string
  /** Configured base URL; unset: the AI SDK's default for the provider. */
  baseUrl?: string
  timeoutMs: number
}

/**
 * The AI SDK's default base URL of a provider (read from a model instance, so
 * the endpoint is configured in one place: the SDK, or the *_BASE_URL setting).
 */
export function sdkBaseUrl(provider: RemoteProvider): string {
  const options = { apiKey: 'unused' }
  const config = (model: unknown) => (model as { config: Record<string, any> }).config
  switch (provider) {
    case 'openai':
      return config(createOpenAI(options).chat('probe')).url({ path: '', modelId: 'probe' })
    case 'anthropic':
      return config(createAnthropic(options).messages('probe')).baseURL
    case 'google':
      return config(createGoogleGenerativeAI(options).languageModel('probe')).baseURL
    case 'mistral':
      return config(createMistral(options).chat('probe')).baseURL
  }
}

async function getJson(url: string, headers: Record<string, string>, timeoutMs: number) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  if (!response.ok) {
    let message = text.slice(0, 200)
    try {
      const body = JSON.parse(text)
      message = body?.error?.message ?? body?.message ?? message
    } catch {}
    throw new Error(`HTTP ${response.status}: ${message}`)
  }
  return JSON.parse(text)
}

const OPENAI_TEXT = /^(gpt-|o\d|chatgpt-)/
const OPENAI_NOT_TEXT = /(audio|realtime|transcribe|tts|image|search|embedding|instruct|moderation)/

/** OpenAI `GET /models`: chat-capable model ids. */
async function listOpenAi(base: string, connection: ListConnection): Promise<ListedModel[]> {
  const body = await getJson(
    `${base}/models`,
    { authorization: `Bearer ${connection.apiKey}` },
    connection.timeoutMs
  )
  return (body.data ?? [])
    .filter((model: any) => OPENAI_TEXT.test(model.id) && !OPENAI_NOT_TEXT.test(model.id))
    .map((model: any) => ({
      name: model.id,
      contextWindow: null,
      maxTokens: null,
      metadata: { owned_by: model.owned_by ?? null, created: model.created ?? null },
    }))
}

/** Anthropic `GET /models` (paginated with after_id). */
async function listAnthropic(base: string, connection: ListConnection): Promise<ListedModel[]> {
  const models: ListedModel[] = []
  let after: string | null = null
  for (let page = 0; page < 50; page++) {
    const query: string = after ? `?limit=100&after_id=${encodeURIComponent(after)}` : '?limit=100'
    const body = await getJson(
      `${base}/models${query}`,
      { 'x-api-key': connection.apiKey, 'anthropic-version': '2023-06-01' },
      connection.timeoutMs
    )
    for (const model of body.data ?? []) {
      models.push({
        name: model.id,
        contextWindow: null,
        maxTokens: null,
        metadata: {
          display_name: model.display_name ?? null,
          created_at: model.created_at ?? null,
        },
      })
    }
    if (!body.has_more || !body.last_id) break
    after = body.last_id
  }
  return models
}

/** Gemini `GET /models` (paginated with pageToken): models that support generateContent. */
async function listGoogle(base: string, connection: ListConnection): Promise<ListedModel[]> {
  const models: ListedModel[] = []
  let token: string | null = null
  for (let page = 0; page < 50; page++) {
    const query: string = token
      ? `?pageSize=1000&pageToken=${encodeURIComponent(token)}`
      : '?pageSize=1000'
    const body = await getJson(
      `${base}/models${query}`,
      { 'x-goog-api-key': connection.apiKey },
      connection.timeoutMs
    )
    for (const model of body.models ?? []) {
      const methods: string[] = model.supportedGenerationMethods ?? []
      if (!methods.includes('generateContent')) continue
      models.push({
        name: String(model.name).replace(/^models\//, ''),
        contextWindow: model.inputTokenLimit ?? null,
        maxTokens: model.outputTokenLimit ?? null,
        metadata: { display_name: model.displayName ?? null, methods },
      })
    }
    if (!body.nextPageToken) break
    token = body.nextPageToken
  }
  return models
}

/** Mistral `GET /models`: models with the completion_chat capability. */
async function listMistral(base: string, connection: ListConnection): Promise<ListedModel[]> {
  const body = await getJson(
    `${base}/models`,
    { authorization: `Bearer ${connection.apiKey}` },
    connection.timeoutMs
  )
  return (body.data ?? [])
    .filter((model: any) => model.capabilities?.completion_chat === true)
    .map((model: any) => ({
      name: model.id,
      contextWindow: model.max_context_length ?? null,
      maxTokens: null,
      metadata: { owned_by: model.owned_by ?? null, capabilities: model.capabilities },
    }))
}

/** Lists a provider's text models through its real list-models endpoint. */
export async function listProviderModels(
  provider: RemoteProvider,
  connection: ListConnection
): Promise<ListedModel[]> {
  const base = (connection.baseUrl || sdkBaseUrl(provider)).replace(/\/+$/, '')
  switch (provider) {
    case 'openai':
      return listOpenAi(base, connection)
    case 'anthropic':
      return listAnthropic(base, connection)
    case 'google':
      return listGoogle(base, connection)
    case 'mistral':
      return listMistral(base, connection)
  }
}

const FAST_PARTS = new Set(['mini', 'nano', 'flash', 'haiku', 'small', 'lite', 'tiny'])

/** A model type for a newly discovered model, from its name. */
export function classifyModel(name: string): 'flagship' | 'fast' | 'legacy' {
  if (
    /(gpt-3|gpt-4(?![.\do])|gpt-4o|claude-3|claude-2|gemini-1|gemini-2\.0|open-mistral|mistral-tiny)/.test(
      name
    )
  ) {
    return 'legacy'
  }
  const parts = name.toLowerCase().split(/[-_.:/]/)
  if (parts.some((part) => FAST_PARTS.has(part))) return 'fast'
  return 'flagship'
}
