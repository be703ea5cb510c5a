import { column, defineResource } from '#sdk'
import {
  VIDEO_PLATFORMS,
  VIDEO_PROVIDERS,
  VIDEO_STATUSES,
} from '../validators/video_project_validator.js'

/**
 * A video project (seed table `ai_video_projects`) as the API reads and
 * writes it. `video_url` is filled by the API with a signed, expiring link
 * when the video exists (the stored column stays empty: files are private).
 */
export const videoProjectResource = defineResource({
  name: 'VideoProject',
  table: 'ai_video_projects',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable(),
    campaign_id: column.uuid().nullable().writable(),
    goal: column.text().required().writable(),
    platform: column.enum(VIDEO_PLATFORMS).required().writable(),
    duration_s: column.integer().required().writable(),
    brand_kit: column.jsonb().required().writable(),
    scene_plan: column.jsonb().nullable(),
    generated_images: column.textArray().nullable(),
    final_prompt: column.text().nullable(),
    video_url: column.text().nullable(),
    veo_operation_id: column.text().nullable(),
    provider: column.enum(VIDEO_PROVIDERS).required().writable(),
    status: column.enum(VIDEO_STATUSES).required(),
    error_message: column.text().nullable(),
    cost_usd: column.numeric().required(),
    estimated_cost_usd: column.numeric().required(),
    budget_reserved_usd: column.numeric().required(),
    audio_key: column.text().nullable().writable(),
    auto_generated: column.boolean().required(),
    /** The embed end user who created it in the video studio widget, if one did. */
    created_by_end_user_id: column.uuid().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
    completed_at: column.timestamp().nullable(),
  },
})

/** A video project row as the API returns it. */
export type VideoProjectRow = typeof videoProjectResource.$row

/** A step row of a project's pipeline (seed table `ai_video_jobs`). */
export const videoJobResource = defineResource({
  name: 'VideoJob',
  table: 'ai_video_jobs',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    project_id: column.uuid().required(),
    user_id: column.uuid().nullable(),
    job_type: column
      .enum(['scene_plan', 'image_generation', 'video_generation', 'render'] as const)
      .required(),
    scene_index: column.integer().nullable(),
    veo_operation_id: column.text().nullable(),
    status: column
      .enum(['pending', 'processing', 'completed', 'failed', 'filtered', 'cancelled'] as const)
      .required(),
    result_url: column.text().nullable(),
    error_message: column.text().nullable(),
    cost_usd: column.numeric().required(),
    metadata: column.jsonb().required(),
    submitted_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
    completed_at: column.timestamp().nullable(),
  },
})

/** A pipeline step row. */
export type VideoJobRow = typeof videoJobResource.$row
