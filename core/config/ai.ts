import env from '#start/env'
import { defineAiConfig } from '#core/ai/ai_config'

/**
 * AI gateway settings: default provider, retries, timeouts and, per remote
 * provider, its base URL, platform key and default embedding model. Documented
 * in docs/guide/ai-gateway.md and docs/guide/configuration.md.
 */
export default defineAiConfig({
  defaultProvider: env.get('AI_DEFAULT_PROVIDER', 'local'),
  maxRetries: env.get('AI_MAX_RETRIES', 2),
  timeoutMs: env.get('AI_TIMEOUT_MS', 60_000),
  objectAttempts: env.get('AI_OBJECT_ATTEMPTS', 2),
  providers: {
    openai: {
      baseUrl: env.get('OPENAI_BASE_URL'),
      apiKey: env.get('OPENAI_API_KEY')?.release(),
      embeddingModel: env.get('OPENAI_EMBEDDING_MODEL', 'text-embedding-3-small'),
    },
    anthropic: {
      baseUrl: env.get('ANTHROPIC_BASE_URL'),
      apiKey: env.get('ANTHROPIC_API_KEY')?.release(),
    },
    google: {
      baseUrl: env.get('GOOGLE_GENERATIVE_AI_BASE_URL'),
      apiKey: env.get('GOOGLE_GENERATIVE_AI_API_KEY')?.release(),
      embeddingModel: env.get('GOOGLE_EMBEDDING_MODEL', 'gemini-embedding-001'),
    },
    mistral: {
      baseUrl: env.get('MISTRAL_BASE_URL'),
      apiKey: env.get('MISTRAL_API_KEY')?.release(),
      embeddingModel: env.get('MISTRAL_EMBEDDING_MODEL', 'mistral-embed'),
    },
  },
})
