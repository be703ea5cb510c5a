import type { MediaAspectRatio } from '#sdk'
import type { VIDEO_PLATFORMS } from '../validators/video_project_validator.js'

/** A platform of the seed. */
export type VideoPlatform = (typeof VIDEO_PLATFORMS)[number]

/** Frame size and aspect ratio of each platform (shorts are portrait 1080x1920). */
export const PLATFORM_FORMATS: Record<
  VideoPlatform,
  { width: number; height: number; aspectRatio: MediaAspectRatio }
> = {
  YouTubeShort: { width: 1080, height: 1920, aspectRatio: '9:16' },
  TikTok: { width: 1080, height: 1920, aspectRatio: '9:16' },
  Reels: { width: 1080, height: 1920, aspectRatio: '9:16' },
  Landscape: { width: 1920, height: 1080, aspectRatio: '16:9' },
}

/** Clip lengths Veo accepts; a scene gets the shortest one that covers it. */
export const VEO_CLIP_SECONDS = [4, 6, 8] as const

/** Veo clip length for a scene of `seconds` (scenes are at most 8 s with the google provider). */
export function veoClipSeconds(seconds: number) {
  return VEO_CLIP_SECONDS.find((clip) => clip >= seconds - 1e-9) ?? 8
}
