import { env } from '#sdk'

/** Typed settings of the content plugin (see docs/guide/content.md, "Limits"). */
export interface ContentConfig {
  /** Largest asset file accepted by an upload, in bytes. */
  maxAssetBytes: number
  /** Lifetime of a signed asset link, in seconds. */
  signedUrlSeconds: number
}

/** The content plugin's settings, read once from the environment. */
export default {
  maxAssetBytes: env.get('CONTENT_MAX_ASSET_BYTES', 250 * 1024 * 1024),
  signedUrlSeconds: env.get('CONTENT_SIGNED_URL_SECONDS', 900),
} satisfies ContentConfig
