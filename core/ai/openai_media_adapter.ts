import type { ImageOutcome, ImageRequest, PreparedMedia } from '#core/ai/media_types'
import { AiGatewayError } from '#core/ai/ai_gateway_error'
import { defaultMediaBaseUrl, errorMessage, providerJson } from '#core/ai/media_http'

/** OpenAI image sizes per aspect ratio (gpt-image-1). */
const SIZES = { '9:16': '1024x1536', '16:9': '1536x1024', '1:1': '1024x1024' } as const

/**
 * OpenAI image generation (`POST /images/generations`, base64 answer). A
 * refusal of the moderation system (400 `moderation_blocked`) is a filtered
 * outcome with OpenAI's message as the reason, not a fault.
 */
export const openAiMedia = {
  async generateImage(prepared: PreparedMedia, req: ImageRequest): Promise<ImageOutcome> {
    const { apiKey, baseUrl, timeoutMs } = prepared.connection!
    const base = (baseUrl || defaultMediaBaseUrl('openai')).replace(/\/$/, '')
    const { status, body } = await providerJson(
      'openai',
      `${base}/images/generations`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: { model: prepared.model, prompt: req.prompt, size: SIZES[req.aspectRatio], n: 1 },
      },
      timeoutMs,
      (code, answer) => code < 300 || (code === 400 && answer?.error?.code === 'moderation_blocked')
    )
    if (status === 400)
      return { status: 'filtered', reason: `moderation_blocked: ${errorMessage(body)}` }
    const data = body?.data?.[0]?.b64_json
    if (typeof data !== 'string') {
      throw AiGatewayError.upstream('openai', { message: 'no image in the answer' })
    }
    return {
      status: 'ok',
      bytes: Buffer.from(data, 'base64'),
      mimeType: 'image/png',
      tokens: {
        inputTokens: Number(body.usage?.input_tokens ?? 0),
        outputTokens: Number(body.usage?.output_tokens ?? 0),
      },
    }
  },
}
