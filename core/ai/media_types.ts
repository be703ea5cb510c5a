/** Kinds of media the AI gateway generates. */
export type MediaKind = 'image' | 'video'

/** Aspect ratios the media operations accept (the platforms' shapes). */
export type MediaAspectRatio = '9:16' | '16:9' | '1:1'

/** What a media call needs before it runs: provider, model and, for remote providers, the key. */
export interface MediaTarget {
  /** What the call is for (the metering label, as for text). */
  purpose: string
  provider?: string
  model?: string
}

/**
 * A media call resolved by the gateway inside a tenant transaction (provider,
 * model, key, price), to be run afterwards with no transaction open. Keep it
 * in memory only: it carries the API key.
 */
export interface PreparedMedia {
  kind: MediaKind
  purpose: string
  provider: string
  model: string
  /** USD per image (images) or per second of video (video); null when unpriced. */
  unitPrice: number | null
  /** Remote providers: key and base URL (unset: the provider's public endpoint). */
  connection?: { apiKey: string; baseUrl?: string; timeoutMs: number }
}

/** An image generation request. */
export interface ImageRequest {
  prompt: string
  aspectRatio: MediaAspectRatio
  /** Colours (`#rrggbb`) the local provider paints with; remote providers get them in the prompt. */
  palette?: string[]
}

/** What an image call gave: the picture, or the provider's safety refusal with its reason. */
export type ImageOutcome =
  | {
      status: 'ok'
      bytes: Uint8Array
      mimeType: string
      tokens: { inputTokens: number; outputTokens: number }
    }
  | { status: 'filtered'; reason: string }

/** A video generation request (Veo: one clip per request). */
export interface VideoRequest {
  prompt: string
  aspectRatio: MediaAspectRatio
  durationSeconds: number
  negativePrompt?: string
  /** A first frame to start from (an image generated for the scene). */
  image?: { bytes: Uint8Array; mimeType: string }
}

/** The state of a long-running video operation. */
export type VideoPoll =
  | { status: 'running' }
  | { status: 'done'; uri: string; mimeType: string }
  | { status: 'filtered'; reason: string }
  | { status: 'failed'; reason: string }
