import { rawQuery, tenant } from '#sdk'
import { videoJobResource, type VideoJobRow } from './video_project_resource.js'

/** Kinds of pipeline step rows in ai_video_jobs. */
export type VideoJobType = VideoJobRow['job_type']

/** The step row of a project (per scene for image and video generation), created on first use and locked. */
export async function stepRow(
  projectId: string,
  jobType: VideoJobType,
  sceneIndex: number | null = null,
  metadata: Record<string, unknown> = {}
): Promise<VideoJobRow> {
  const { trx, workspaceId, userId } = tenant()
  await rawQuery(
    trx,
    `insert into public.ai_video_jobs (workspace_id, project_id, user_id, job_type, scene_index, metadata)
     values (?, ?, ?, ?, ?, ?::jsonb)
     on conflict (workspace_id, project_id, job_type, coalesce(scene_index, -1)) do nothing`,
    [workspaceId, projectId, userId, jobType, sceneIndex, JSON.stringify(metadata)]
  )
  const query = videoJobResource
    .query(trx)
    .where({ project_id: projectId, job_type: jobType })
    .forUpdate()
  if (sceneIndex === null) query.whereNull('scene_index')
  else query.where('scene_index', sceneIndex)
  return (await query.first())!
}

/** Updates a step row. */
export async function updateStep(id: string, values: Record<string, unknown>) {
  const row = { ...values }
  if (row.metadata !== undefined) row.metadata = JSON.stringify(row.metadata)
  await tenant().trx.from('ai_video_jobs').where('id', id).update(row)
}
