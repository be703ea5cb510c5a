/** The remote providers the gateway can call through the AI SDK. */
export const REMOTE_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral'] as const

/** A remote provider name. */
export type RemoteProvider = (typeof REMOTE_PROVIDERS)[number]

/** Every provider name the gateway accepts. */
export const AI_PROVIDERS = ['local', ...REMOTE_PROVIDERS] as const

/** Operator settings of one remote provider. */
export interface RemoteProviderSettings {
  /** API base URL; unset: the AI SDK's default endpoint for the provider. */
  baseUrl?: string
  /** Platform-wide key (environment); users' own keys in the vault take precedence. */
  apiKey?: string
  /** Embedding model used when a call names none. */
  embeddingModel?: string
}

/** Typed shape of `core/config/ai.ts`. */
export interface AiConfig {
  /** Provider used when a call names none (`local` by default). */
  defaultProvider: string
  /** Retries of a failed provider call (the AI SDK backs off between them). */
  maxRetries: number
  /** Timeout of one provider call in milliseconds. */
  timeoutMs: number
  /**
   * Attempts of a structured-output call to a remote provider whose answer is
   * not JSON or does not validate against the schema (at least 1); after the
   * last one the gateway answers 502 `ai-invalid-output`. Default 2.
   */
  objectAttempts?: number
  providers: Record<RemoteProvider, RemoteProviderSettings>
}

/** Identity helper giving the config file type checking. */
export function defineAiConfig(config: AiConfig): AiConfig {
  return config
}

/** Whether `name` is a remote provider. */
export function isRemoteProvider(name: string): name is RemoteProvider {
  return (REMOTE_PROVIDERS as readonly string[]).includes(name)
}
