/** One chat message sent to a model. */
export interface AiMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** A text generation request (also the base of structured output requests). */
export interface TextRequest {
  /** What the call is for, e.g. 'chat' or 'campaigns.content': the metering label. */
  purpose: string
  system?: string
  messages: AiMessage[]
  /** Provider name; default from configuration (`local` unless AI_DEFAULT_PROVIDER says otherwise). */
  provider?: string
  /** Model name; default: the provider's default model (get_default_model). */
  model?: string
  maxOutputTokens?: number
  temperature?: number
  /** Grounding snippets: the local provider answers from them, remote providers receive them. */
  context?: string[]
  /**
   * Aborts a remote call (e.g. the client of a stream went away): the call
   * stops, what was produced is metered, and the gateway throws 499.
   */
  signal?: AbortSignal
}

/** A structured output request: the result must validate against `schema`. */
export interface ObjectRequest extends TextRequest {
  /** JSON Schema (draft 2020-12 subset) the object must satisfy. */
  schema: Record<string, unknown>
  schemaName: string
}

/** An embedding request. */
export interface EmbedRequest {
  purpose: string
  texts: string[]
  provider?: string
  model?: string
}

/** Tokens and cost of one call. */
export interface AiUsage {
  inputTokens: number
  outputTokens: number
  costUsd: number
}

/** Result of a text generation. */
export interface TextResult {
  text: string
  provider: string
  model: string
  usage: AiUsage
}

/** Result of a structured output generation. */
export interface ObjectResult<T> extends TextResult {
  object: T
}

/** Result of an embedding call. */
export interface EmbedResult {
  embeddings: number[][]
  provider: string
  model: string
  usage: AiUsage
}

/** Token counts reported by a provider adapter (cost is computed by the gateway). */
export interface TokenCounts {
  inputTokens: number
  outputTokens: number
}

/** A text request after the gateway resolved its provider, model and key. */
export interface ResolvedTextRequest extends TextRequest {
  provider: string
  model: string
}

/**
 * What every provider adapter implements. The gateway resolves provider, model,
 * key and prices, and meters; adapters only talk to their model.
 */
export interface ProviderAdapter {
  readonly name: string
  generateText(req: ResolvedTextRequest): Promise<{ text: string; tokens: TokenCounts }>
  streamText(
    req: ResolvedTextRequest,
    onDelta: (delta: string) => void | Promise<void>
  ): Promise<{ text: string; tokens: TokenCounts }>
  /** Returns the raw object; the gateway validates it against the schema. */
  generateObject(
    req: ResolvedTextRequest & { schema: Record<string, unknown>; schemaName: string }
  ): Promise<{ object: unknown; text: string; tokens: TokenCounts }>
  embed(texts: string[], model: string): Promise<{ embeddings: number[][]; tokens: TokenCounts }>
}
