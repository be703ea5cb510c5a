import { aiMedia } from '#sdk'
import type { VideoProjectRow } from './video_project_resource.js'
import type { ScenePlan } from './scene_planner.js'
import { sceneCount } from './scene_planner.js'
import { veoClipSeconds } from './platforms.js'

/** Longest scene a provider's pipeline allows (Veo clips are at most 8 s). */
export function maxSceneSeconds(provider: string) {
  return provider === 'google' ? 8 : 30
}

/**
 * The cost estimate of generating a project, before anything is submitted:
 * one image per scene at the image model's price, plus (google) each scene's
 * Veo clip length at the video model's price per second, from the prices of
 * the model registry. Without a plan yet, the scene count the planner will
 * use. Resolves the models and keys, so a missing key is a 422 here, before
 * any reservation. Runs in a tenant context.
 */
export async function estimateProjectCost(
  project: Pick<VideoProjectRow, 'provider' | 'duration_s'> & { scene_plan: unknown }
) {
  if (project.provider === 'local') return 0
  const plan = project.scene_plan as ScenePlan | null
  const durations = plan?.scenes?.length
    ? plan.scenes.map((scene) => scene.duration_s)
    : (() => {
        const count = sceneCount(project.duration_s, maxSceneSeconds(project.provider))
        return Array.from({ length: count }, () => project.duration_s / count)
      })()
  const image = await aiMedia.prepare('image', {
    purpose: 'video.images',
    provider: project.provider,
  })
  let total = aiMedia.estimate(image, durations.length)
  if (project.provider === 'google') {
    const video = await aiMedia.prepare('video', { purpose: 'video.clips', provider: 'google' })
    total += aiMedia.estimate(
      video,
      durations.reduce((sum, seconds) => sum + veoClipSeconds(seconds), 0)
    )
  }
  return Math.round(total * 1e4) / 1e4
}
