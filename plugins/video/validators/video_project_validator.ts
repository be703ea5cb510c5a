import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Platforms of the seed and their frame sizes. */
export const VIDEO_PLATFORMS = ['YouTubeShort', 'TikTok', 'Reels', 'Landscape'] as const

/** Pipeline statuses (the seed's, plus `cancelled`). */
export const VIDEO_STATUSES = [
  'draft',
  'planning',
  'generating_images',
  'generating_video',
  'completed',
  'failed',
  'cancelled',
] as const

/** Providers a project may use: `local` (offline), `google` (Gemini image + Veo), `openai` (images). */
export const VIDEO_PROVIDERS = ['local', 'google', 'openai'] as const

/** Fonts of the offline renderer (DejaVu families shipped with the platform). */
export const VIDEO_FONTS = [
  'sans',
  'sans-bold',
  'serif',
  'serif-bold',
  'mono',
  'condensed',
] as const

const colour = () =>
  vine
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/)
const storageKey = () =>
  vine
    .string()
    .trim()
    .regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._\-=/]{1,512}$/)

/** A brand kit: colours, font and logo (a PNG in the workspace's storage). */
export const brandKitFields = vine.object({
  primary_color: colour().optional(),
  secondary_color: colour().optional(),
  text_color: colour().optional(),
  font: vine.enum(VIDEO_FONTS).optional(),
  logo_key: storageKey().nullable().optional(),
})

/** Body of POST /v1/video/projects. */
export const createVideoProjectValidator = vine.create({
  goal: vine.string().trim().minLength(1).maxLength(2000),
  platform: vine.enum(VIDEO_PLATFORMS).optional(),
  duration_s: vine.number().withoutDecimals().min(1).max(120).optional(),
  campaign_id: vine.string().uuid().nullable().optional(),
  brand_kit: brandKitFields.optional(),
  provider: vine.enum(VIDEO_PROVIDERS).optional(),
  /** A voice-over or music file (workspace storage key) laid under the video. */
  audio_key: storageKey().nullable().optional(),
})

/** Body of PATCH /v1/video/projects/:id (drafts and failed projects only). */
export const updateVideoProjectValidator = vine.create({
  goal: vine.string().trim().minLength(1).maxLength(2000).optional(),
  platform: vine.enum(VIDEO_PLATFORMS).optional(),
  duration_s: vine.number().withoutDecimals().min(1).max(120).optional(),
  campaign_id: vine.string().uuid().nullable().optional(),
  brand_kit: brandKitFields.optional(),
  provider: vine.enum(VIDEO_PROVIDERS).optional(),
  audio_key: storageKey().nullable().optional(),
})

const scene = vine.object({
  duration_s: vine.number().min(0.5).max(120),
  visual_prompt: vine.string().trim().minLength(1).maxLength(1000),
  caption: vine.string().trim().maxLength(200),
  voiceover: vine.string().trim().maxLength(1000),
})

/** Body of PUT /v1/video/projects/:id/plan: the edited scene plan. */
export const scenePlanValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(120),
  scenes: vine.array(scene).minLength(1).maxLength(24),
})

/** Query of GET /v1/video/projects. */
export const listVideoProjectsValidator = vine.create({
  ...pageQuery,
  status: vine.enum(VIDEO_STATUSES).optional(),
  campaign_id: vine.string().uuid().optional(),
})

/** Query of GET /v1/video/projects/:id/jobs. */
export const listVideoJobsValidator = vine.create({ ...pageQuery })

/** Body of PUT /v1/video/budget. */
export const budgetValidator = vine.create({
  limit_usd: vine.number().min(0).max(1_000_000),
})

/** Query of the signed file route. */
export const fileQueryValidator = vine.create({
  expires: vine.string().trim().maxLength(20),
  signature: vine.string().trim().maxLength(200),
})
