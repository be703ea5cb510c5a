import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import type { ModelPrice } from '#core/ai/usage_meter'

/**
 * Prices of the default embedding models in USD per million input tokens (list
 * prices when this table was written); ai_model_configs holds chat models only,
 * its model_type check has no embedding type.
 */
export const EMBEDDING_PRICES: Record<string, number> = {
  'openai:text-embedding-3-small': 0.02,
  'openai:text-embedding-3-large': 0.13,
  'google:gemini-embedding-001': 0.15,
  'mistral:mistral-embed': 0.1,
}

/**
 * Media models: the default per provider and kind, and list prices in USD per
 * image or per second of video (when this table was written). ai_model_configs
 * holds chat models only (its model_type check has no media type), so media
 * prices live here like EMBEDDING_PRICES; the video plugin's cost estimates
 * and the metering read them.
 */
export const MEDIA_MODELS: Record<
  string,
  { kind: 'image' | 'video'; per: 'image' | 'second'; usd: number; isDefault?: boolean }
> = {
  'google:gemini-2.5-flash-image': { kind: 'image', per: 'image', usd: 0.039, isDefault: true },
  'google:veo-3.0-generate-001': { kind: 'video', per: 'second', usd: 0.4, isDefault: true },
  'google:veo-3.0-fast-generate-001': { kind: 'video', per: 'second', usd: 0.15 },
  'openai:gpt-image-1': { kind: 'image', per: 'image', usd: 0.063, isDefault: true },
}

/** The default media model of a provider for a kind, or null when it has none. */
export function defaultMediaModel(provider: string, kind: 'image' | 'video'): string | null {
  const entry = Object.entries(MEDIA_MODELS).find(
    ([key, model]) => key.startsWith(`${provider}:`) && model.kind === kind && model.isDefault
  )
  return entry ? entry[0].slice(provider.length + 1) : null
}

/** USD per unit (image or second) of a media model; null when unknown. */
export function mediaUnitPrice(provider: string, model: string): number | null {
  return MEDIA_MODELS[`${provider}:${model}`]?.usd ?? null
}

/** A model of the registry as the gateway needs it. */
export interface ModelInfo {
  /** The identifier sent to the provider (metadata.api_id, else the model name). */
  apiId: string
  price: ModelPrice | null
}

/** The provider's default text model of a type (the seed's get_default_model). */
export async function defaultModel(provider: string, type = 'flagship'): Promise<string | null> {
  const result = await rawQuery(
    tenant().trx,
    'select model_name from public.get_default_model(?, ?)',
    [provider, type]
  )
  return result.rows[0]?.model_name ?? null
}

/** Registry information of a text model; unknown models are sent as named, unpriced. */
export async function textModelInfo(provider: string, model: string): Promise<ModelInfo> {
  const result = await rawQuery(
    tenant().trx,
    `select metadata->>'api_id' as api_id, pricing from public.ai_model_configs
      where provider = ? and model_name = ?`,
    [provider, model]
  )
  const row = result.rows[0]
  return { apiId: row?.api_id ?? model, price: priceOf(row?.pricing) }
}

/** Price of an embedding model from EMBEDDING_PRICES (null when unknown). */
export function embeddingModelInfo(provider: string, model: string): ModelInfo {
  const perMillion = EMBEDDING_PRICES[`${provider}:${model}`]
  return {
    apiId: model,
    price: perMillion === undefined ? null : { inputPerMillion: perMillion, outputPerMillion: 0 },
  }
}

/** Reads the `pricing` JSON of ai_model_configs (USD per million tokens). */
export function priceOf(pricing: unknown): ModelPrice | null {
  const value = pricing as { input_per_million?: unknown; output_per_million?: unknown } | null
  const input = Number(value?.input_per_million)
  const output = Number(value?.output_per_million)
  if (!Number.isFinite(input) || !Number.isFinite(output)) return null
  return { inputPerMillion: input, outputPerMillion: output }
}
