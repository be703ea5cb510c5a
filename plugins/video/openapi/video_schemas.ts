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

const sceneSchema = {
  type: 'object',
  required: ['duration_s', 'visual_prompt', 'caption', 'voiceover'],
  properties: {
    duration_s: { type: 'number' },
    visual_prompt: { type: 'string' },
    caption: { type: 'string' },
    voiceover: { type: 'string' },
  },
}

const embedProjectProperties = {
  id: { type: 'string', format: 'uuid' },
  goal: { type: 'string' },
  platform: { type: 'string', enum: ['YouTubeShort', 'TikTok', 'Reels', 'Landscape'] },
  duration_s: { type: 'integer' },
  status: {
    type: 'string',
    enum: [
      'draft',
      'planning',
      'generating_images',
      'generating_video',
      'completed',
      'failed',
      'cancelled',
    ],
  },
  scene_plan: {
    type: ['object', 'null'],
    required: ['title', 'scenes'],
    properties: { title: { type: 'string' }, scenes: { type: 'array', items: sceneSchema } },
  },
  error_message: { type: ['string', 'null'] },
  video_url: {
    type: ['string', 'null'],
    description: 'Signed, expiring link to the MP4 once rendered (no token needed)',
  },
  created_at: { type: 'string', format: 'date-time' },
  completed_at: { type: ['string', 'null'], format: 'date-time' },
}
const embedProjectRequired = [
  'id',
  'goal',
  'platform',
  'duration_s',
  'status',
  'scene_plan',
  'error_message',
  'video_url',
  'created_at',
  'completed_at',
]

/** A video project as `<aip-video-studio>` lists it (the end user's own). */
export const embedProject = defineSchema('EmbedVideoProject', {
  type: 'object',
  required: embedProjectRequired,
  properties: embedProjectProperties,
})

/** A page of the end user's video projects. */
export const embedProjectPage = pageOf('EmbedVideoProjectPage', embedProject)

/** One project of the end user with its pipeline steps and progress. */
export const embedProjectDetail = defineSchema('EmbedVideoProjectDetail', {
  type: 'object',
  required: [...embedProjectRequired, 'progress', 'steps'],
  properties: {
    ...embedProjectProperties,
    progress: {
      type: 'object',
      required: ['completed', 'total', 'percent'],
      description: 'Finished pipeline steps out of those the plan needs',
      properties: {
        completed: { type: 'integer' },
        total: { type: 'integer' },
        percent: { type: 'integer', minimum: 0, maximum: 100 },
      },
    },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['job_type', 'scene_index', 'status'],
        properties: {
          job_type: {
            type: 'string',
            enum: ['scene_plan', 'image_generation', 'video_generation', 'render'],
          },
          scene_index: { type: ['integer', 'null'] },
          status: {
            type: 'string',
            enum: ['pending', 'processing', 'completed', 'failed', 'filtered', 'cancelled'],
          },
        },
      },
    },
  },
})
