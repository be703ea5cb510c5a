import aiConfig from '#config/ai'
import { tenant } from '#core/tenancy/tenant_context'
import { AiGatewayError } from '#core/ai/ai_gateway_error'
import { resolveApiKey } from '#core/ai/key_resolver'
import { defaultMediaModel, mediaUnitPrice, MEDIA_MODELS } from '#core/ai/model_registry'
import { recordMediaUsage } from '#core/ai/usage_meter'
import { localImage } from '#core/ai/local_image'
import { googleMedia } from '#core/ai/google_media_adapter'
import { openAiMedia } from '#core/ai/openai_media_adapter'
import type { AiUsage } from '#core/ai/ai_types'
import type {
  ImageOutcome,
  ImageRequest,
  MediaKind,
  MediaTarget,
  PreparedMedia,
  VideoPoll,
  VideoRequest,
} from '#core/ai/media_types'

export type * from '#core/ai/media_types'
export { isQuotaError } from '#core/ai/media_http'

/** Model name of the local provider's images (abstract backdrops, see local_image.ts). */
export const LOCAL_IMAGE_MODEL = 'local-backdrop-1'

/** Which providers offer which media kind. */
const MEDIA_PROVIDERS: Record<MediaKind, string[]> = {
  image: ['local', 'google', 'openai'],
  video: ['google'],
}

const PURPOSE = /^[a-z][a-z0-9_.:-]{0,63}$/

/**
 * The AI gateway's media operations: image generation (local backdrops,
 * Google's Gemini image model, OpenAI images) and video generation (Google
 * Veo, a long-running operation). A call is split so that no database
 * transaction waits on a provider: `prepare` (in a tenant transaction: model,
 * price, the caller's key from the vault or the environment), then the
 * network call with no transaction open, then `record` (in a tenant
 * transaction: metering per workspace in `ai_usage_events`, by images or
 * seconds, a filtered result at cost 0 with its reason).
 */
export const aiMedia = {
  /** Resolves provider, model, price and key of a media call; needs a tenant context. */
  async prepare(kind: MediaKind, target: MediaTarget): Promise<PreparedMedia> {
    tenant()
    if (typeof target.purpose !== 'string' || !PURPOSE.test(target.purpose)) {
      throw new AiGatewayError(422, 'validation-error', 'Validation failed', 'Invalid purpose', {
        errors: [
          { field: 'purpose', message: 'purpose must be a lower-case label', rule: 'invalid' },
        ],
      })
    }
    const provider = target.provider ?? (kind === 'image' ? 'local' : 'google')
    if (!MEDIA_PROVIDERS[kind].includes(provider)) {
      if (['local', 'openai', 'google', 'anthropic', 'mistral'].includes(provider)) {
        throw AiGatewayError.unsupported(provider, `${kind} generation`)
      }
      throw AiGatewayError.unknownProvider(provider)
    }
    if (provider === 'local') {
      return { kind, purpose: target.purpose, provider, model: LOCAL_IMAGE_MODEL, unitPrice: 0 }
    }
    const model = target.model ?? defaultMediaModel(provider, kind)
    if (!model) throw AiGatewayError.noModel(provider, kind)
    const known = MEDIA_MODELS[`${provider}:${model}`]
    if (known && known.kind !== kind) {
      throw AiGatewayError.unsupported(provider, `${kind} generation with ${model}`)
    }
    const key = await resolveApiKey(provider as 'google' | 'openai', target.purpose)
    if (!key) throw AiGatewayError.missingKey(provider)
    return {
      kind,
      purpose: target.purpose,
      provider,
      model,
      unitPrice: mediaUnitPrice(provider, model),
      connection: {
        apiKey: key.key,
        baseUrl: aiConfig.providers[provider as 'google' | 'openai'].baseUrl,
        timeoutMs: aiConfig.timeoutMs,
      },
    }
  },

  /** Estimated cost in USD of `units` images or seconds (0 when unpriced or local). */
  estimate(prepared: Pick<PreparedMedia, 'unitPrice'>, units: number): number {
    return Math.round(units * (prepared.unitPrice ?? 0) * 1e4) / 1e4
  },

  /** Generates one image; no transaction needed (run it with none open). */
  async generateImage(prepared: PreparedMedia, req: ImageRequest): Promise<ImageOutcome> {
    if (prepared.provider === 'local') {
      const image = localImage(req.prompt, req.aspectRatio, req.palette)
      return {
        status: 'ok',
        bytes: image.bytes,
        mimeType: 'image/png',
        tokens: { inputTokens: 0, outputTokens: 0 },
      }
    }
    const palette = req.palette?.length ? ` Colour palette: ${req.palette.join(', ')}.` : ''
    const request = { ...req, prompt: `${req.prompt}${palette}` }
    return prepared.provider === 'google'
      ? googleMedia.generateImage(prepared, request)
      : openAiMedia.generateImage(prepared, request)
  },

  /** Submits a video generation (a paid operation) and returns its operation name. */
  startVideo(prepared: PreparedMedia, req: VideoRequest): Promise<string> {
    return googleMedia.startVideo(prepared, req)
  },

  /** Polls a video operation once. */
  pollVideo(prepared: PreparedMedia, operation: string): Promise<VideoPoll> {
    return googleMedia.pollVideo(prepared, operation)
  },

  /** Downloads the video of a finished operation. */
  downloadVideo(prepared: PreparedMedia, uri: string): Promise<Uint8Array> {
    return googleMedia.downloadVideo(prepared, uri)
  },

  /** Meters a finished media call in the current tenant transaction. */
  record(
    prepared: PreparedMedia,
    result: {
      units: number
      tokens?: { inputTokens: number; outputTokens: number }
      filteredReason?: string
    }
  ): Promise<AiUsage> {
    return recordMediaUsage({
      purpose: prepared.purpose,
      operation: prepared.kind,
      provider: prepared.provider,
      model: prepared.model,
      units: result.units,
      unitPrice: prepared.unitPrice,
      tokens: result.tokens,
      filteredReason: result.filteredReason,
    })
  },
}
