import type {
  ImageOutcome,
  ImageRequest,
  PreparedMedia,
  VideoPoll,
  VideoRequest,
} from '#core/ai/media_types'
import { AiGatewayError } from '#core/ai/ai_gateway_error'
import { defaultMediaBaseUrl, providerJson } from '#core/ai/media_http'

/** Finish reasons of Gemini that mean a safety or policy refusal, not a fault. */
const SAFETY_REASONS = new Set([
  'SAFETY',
  'IMAGE_SAFETY',
  'PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'IMAGE_PROHIBITED_CONTENT',
  'RECITATION',
])

function connection(prepared: PreparedMedia) {
  const { apiKey, baseUrl, timeoutMs } = prepared.connection!
  return {
    base: (baseUrl || defaultMediaBaseUrl('google')).replace(/\/$/, ''),
    headers: { 'x-goog-api-key': apiKey },
    timeoutMs,
  }
}

/**
 * Google's media models over the Gemini API: images from the Gemini image
 * model ("Nano Banana", `models/{model}:generateContent` answering with an
 * inline image part) and videos from Veo (`:predictLongRunning`, an operation
 * polled by name, the result downloaded from the file URI it gives).
 */
export const googleMedia = {
  async generateImage(prepared: PreparedMedia, req: ImageRequest): Promise<ImageOutcome> {
    const { base, headers, timeoutMs } = connection(prepared)
    const { body } = await providerJson(
      'google',
      `${base}/models/${prepared.model}:generateContent`,
      {
        method: 'POST',
        headers,
        body: {
          contents: [{ role: 'user', parts: [{ text: req.prompt }] }],
          generationConfig: {
            responseModalities: ['IMAGE'],
            imageConfig: { aspectRatio: req.aspectRatio },
          },
        },
      },
      timeoutMs
    )
    const blocked = body?.promptFeedback?.blockReason
    if (blocked) {
      return {
        status: 'filtered',
        reason: `${blocked}${body.promptFeedback.blockReasonMessage ? `: ${body.promptFeedback.blockReasonMessage}` : ''}`,
      }
    }
    const candidate = body?.candidates?.[0]
    const image = (candidate?.content?.parts ?? []).find((part: any) => part?.inlineData?.data)
    if (!image) {
      const reason = String(candidate?.finishReason ?? 'NO_IMAGE')
      if (SAFETY_REASONS.has(reason) || candidate?.finishMessage) {
        return {
          status: 'filtered',
          reason: `${reason}${candidate?.finishMessage ? `: ${candidate.finishMessage}` : ''}`,
        }
      }
      throw AiGatewayError.upstream('google', { message: `no image in the answer (${reason})` })
    }
    return {
      status: 'ok',
      bytes: Buffer.from(image.inlineData.data, 'base64'),
      mimeType: image.inlineData.mimeType ?? 'image/png',
      tokens: {
        inputTokens: Number(body.usageMetadata?.promptTokenCount ?? 0),
        outputTokens: Number(body.usageMetadata?.candidatesTokenCount ?? 0),
      },
    }
  },

  /** Submits a Veo generation and returns the operation name to poll. */
  async startVideo(prepared: PreparedMedia, req: VideoRequest): Promise<string> {
    const { base, headers, timeoutMs } = connection(prepared)
    const instance: Record<string, unknown> = { prompt: req.prompt }
    if (req.image) {
      instance.image = {
        bytesBase64Encoded: Buffer.from(req.image.bytes).toString('base64'),
        mimeType: req.image.mimeType,
      }
    }
    const { body } = await providerJson(
      'google',
      `${base}/models/${prepared.model}:predictLongRunning`,
      {
        method: 'POST',
        headers,
        body: {
          instances: [instance],
          parameters: {
            aspectRatio: req.aspectRatio,
            durationSeconds: req.durationSeconds,
            ...(req.negativePrompt ? { negativePrompt: req.negativePrompt } : {}),
          },
        },
      },
      timeoutMs
    )
    if (typeof body?.name !== 'string' || !body.name) {
      throw AiGatewayError.upstream('google', { message: 'no operation name returned' })
    }
    return body.name
  },

  /** One poll of a Veo operation. */
  async pollVideo(prepared: PreparedMedia, operation: string): Promise<VideoPoll> {
    const { base, headers, timeoutMs } = connection(prepared)
    if (!/^[\w./-]+$/.test(operation)) {
      throw AiGatewayError.upstream('google', { message: 'malformed operation name' })
    }
    const { body } = await providerJson(
      'google',
      `${base}/${operation}`,
      { method: 'GET', headers },
      timeoutMs
    )
    if (!body?.done) return { status: 'running' }
    if (body.error) {
      return { status: 'failed', reason: String(body.error.message ?? 'operation failed') }
    }
    const result = body.response?.generateVideoResponse ?? {}
    const sample = (result.generatedSamples ?? []).find((s: any) => s?.video?.uri)
    if (sample) {
      return {
        status: 'done',
        uri: sample.video.uri,
        mimeType: sample.video.mimeType ?? 'video/mp4',
      }
    }
    const reasons: string[] = result.raiMediaFilteredReasons ?? []
    if (Number(result.raiMediaFilteredCount ?? 0) > 0 || reasons.length) {
      return { status: 'filtered', reason: reasons.join('; ') || 'filtered by safety rules' }
    }
    return { status: 'failed', reason: 'the operation finished without a video' }
  },

  /** Downloads a finished video; the key is only sent to the configured API origin. */
  async downloadVideo(prepared: PreparedMedia, uri: string): Promise<Uint8Array> {
    const { base, headers, timeoutMs } = connection(prepared)
    if (new URL(uri).origin !== new URL(base).origin) {
      throw AiGatewayError.upstream('google', { message: 'video URI outside the API origin' })
    }
    let response: Response
    try {
      response = await fetch(uri, { headers, signal: AbortSignal.timeout(timeoutMs) })
    } catch (cause) {
      throw AiGatewayError.upstream('google', cause)
    }
    if (!response.ok) throw AiGatewayError.upstream('google', { statusCode: response.status })
    return new Uint8Array(await response.arrayBuffer())
  },
}
