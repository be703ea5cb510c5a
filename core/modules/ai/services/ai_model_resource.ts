import { column, defineResource } from '#sdk'

/**
 * A model of the global registry (table `ai_model_configs`) as the API
 * returns it: the one place that lists its columns (select list,
 * `AiModelRow` and the `AiModel` OpenAPI schema derive from it). Seeded by
 * migration and kept current by the discovery job, read-only to users.
 */
export const aiModelResource = defineResource({
  name: 'AiModel',
  table: 'ai_model_configs',
  columns: {
    id: column.uuid().required(),
    provider: column
      .enum(['openai', 'anthropic', 'google', 'mistral'] as const)
      .required()
      .openapi({ type: 'string' }),
    model_name: column.text().required(),
    model_type: column
      .enum(['flagship', 'fast', 'legacy'] as const)
      .required()
      .openapi({ type: 'string' }),
    is_active: column.boolean().required(),
    is_default: column.boolean().required(),
    capabilities: column.jsonb(),
    pricing: column.jsonb().openapi({
      description: 'USD per million tokens: input_per_million, output_per_million',
    }),
    max_tokens: column.integer().nullable(),
    context_window: column.integer().nullable(),
    metadata: column
      .jsonb()
      .openapi({ description: 'api_id: the identifier sent to the provider' }),
    discovered_at: column.timestamp(),
    last_validated_at: column.timestamp().nullable(),
    created_at: column.timestamp(),
    updated_at: column.timestamp(),
  },
})

/** A model registry row as selected. */
export type AiModelRow = typeof aiModelResource.$row
