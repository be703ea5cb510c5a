import { createGoogleGenerativeAI } from '@ai-sdk/google'
import { createOpenAI } from '@ai-sdk/openai'
import { AiGatewayError } from '#core/ai/ai_gateway_error'

/**
 * The public endpoint of a provider when the operator set no base URL: the
 * one the AI SDK itself uses, so the platform names no outside host.
 */
export function defaultMediaBaseUrl(provider: 'google' | 'openai'): string {
  if (provider === 'google') {
    const model = createGoogleGenerativeAI({ apiKey: 'unused' }).languageModel('unused') as unknown
    return (model as { config: { baseURL: string } }).config.baseURL
  }
  const model = createOpenAI({ apiKey: 'unused' }).image('unused') as unknown
  const url = (model as { config: { url: (o: object) => string } }).config.url({
    path: '',
    modelId: 'unused',
  })
  return url.replace(/\/$/, '')
}

/** 429: the provider refused for quota or rate limits; nothing was generated or charged. */
export function quotaExceeded(provider: string, message: string) {
  return new AiGatewayError(
    429,
    'ai-quota-exceeded',
    'AI provider quota exceeded',
    `Provider "${provider}" refused the request for quota or rate limits: ${message.slice(0, 300)}`,
    { provider }
  )
}

/** Whether an error is the provider's quota refusal (retry later; nothing was charged). */
export function isQuotaError(error: unknown) {
  return error instanceof AiGatewayError && error.status === 429
}

/** The provider's error message from a JSON error body (`{ error: { message } }`). */
export function errorMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown } } | null)?.error
  return typeof error?.message === 'string' ? error.message : 'no message'
}

/**
 * One JSON call to a provider, with the timeout; a 429 becomes
 * quotaExceeded, other failures AiGatewayError.upstream (502). Returns the
 * status and parsed body, so callers can read refusals they handle themselves.
 */
export async function providerJson(
  provider: string,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown },
  timeoutMs: number,
  accept: (status: number, body: any) => boolean = (status) => status < 300
): Promise<{ status: number; body: any }> {
  let response: Response
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { ...init.headers, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (cause) {
    throw AiGatewayError.upstream(provider, cause)
  }
  const text = await response.text()
  let body: any = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  if (accept(response.status, body)) return { status: response.status, body }
  if (response.status === 429) throw quotaExceeded(provider, errorMessage(body))
  throw AiGatewayError.upstream(provider, {
    statusCode: response.status,
    message: errorMessage(body),
  })
}
