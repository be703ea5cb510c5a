import { defineSchema, pageOf } from '#sdk'
import { videoJobResource, videoProjectResource } from '../services/video_project_resource.js'

/** A video project. */
export const project = videoProjectResource.schema
/** A page of video projects. */
export const projectPage = pageOf('VideoProjectPage', project)
/** A pipeline step of a project. */
export const job = videoJobResource.schema
/** A page of pipeline steps. */
export const jobPage = pageOf('VideoJobPage', job)

/** A signed, expiring download link of a rendered video. */
export const download = defineSchema('VideoDownload', {
  type: 'object',
  required: ['url', 'expires_at'],
  properties: {
    url: { type: 'string', description: 'Signed link; works without a token until it expires' },
    expires_at: { type: 'string', format: 'date-time' },
  },
})

const statsRow = {
  type: 'object',
  required: [
    'total_videos',
    'autopilot_videos',
    'manual_videos',
    'completed_videos',
    'failed_videos',
    'total_cost_usd',
    'avg_cost_per_video',
    'last_video_created',
  ],
  properties: {
    user_id: { type: ['string', 'null'], format: 'uuid' },
    total_videos: { type: 'integer' },
    autopilot_videos: { type: 'integer' },
    manual_videos: { type: 'integer' },
    completed_videos: { type: 'integer' },
    failed_videos: { type: 'integer' },
    total_cost_usd: { type: 'number' },
    avg_cost_per_video: { type: 'number' },
    last_video_created: { type: ['string', 'null'], format: 'date-time' },
  },
}

/** Video statistics (view ai_video_stats) of the workspace and per user. */
export const stats = defineSchema('VideoStats', {
  type: 'object',
  required: ['workspace', 'users'],
  properties: { workspace: statsRow, users: { type: 'array', items: statsRow } },
})

/** The workspace's video budget. */
export const budget = defineSchema('VideoBudget', {
  type: 'object',
  required: ['limit_usd', 'reserved_usd', 'spent_usd', 'available_usd'],
  properties: {
    limit_usd: { type: 'number' },
    reserved_usd: { type: 'number', description: 'Held for projects being generated' },
    spent_usd: { type: 'number', description: 'Settled actual costs' },
    available_usd: { type: 'number' },
  },
})
