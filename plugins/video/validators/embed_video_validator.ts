import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { VIDEO_PLATFORMS, VIDEO_PROVIDERS } from './video_project_validator.js'

/**
 * Body of POST /v1/embed/video/projects: what an end user may choose in
 * `<aip-video-studio>` (the goal, the platform's frame and the length; the
 * provider is the host page's choice). No campaign, brand kit or audio file:
 * those are the workspace's own.
 */
export const embedCreateVideoValidator = vine.create({
  goal: vine.string().trim().minLength(1).maxLength(2000),
  platform: vine.enum(VIDEO_PLATFORMS).optional(),
  duration_s: vine.number().withoutDecimals().min(1).max(120).optional(),
  provider: vine.enum(VIDEO_PROVIDERS).optional(),
})

/** Query of GET /v1/embed/video/projects: a page of the end user's own projects. */
export const embedListVideosValidator = vine.create({ ...pageQuery })
