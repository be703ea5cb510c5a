import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aiMedia, tenant, workspaceStorage } from '#sdk'
import { resolveBrandKit } from '../services/brand_kit.js'
import { ffmpegBinaries } from '../services/ffmpeg_binaries.js'
import { PLATFORM_FORMATS } from '../services/platforms.js'
import { projectFolder } from '../services/pipeline.js'
import { planLocally } from '../services/scene_planner.js'
import { createProject, storePlan } from '../services/video_project_service.js'
import { renderVideo } from '../services/video_renderer.js'
import videoConfig from '../video_config.js'

/**
 * Demo data: one short video rendered offline (local plan, local images,
 * the offline renderer), all inside the seed's transaction: nothing remote.
 */
export default async function seedVideo() {
  const { trx, workspaceId } = tenant()
  const campaign = await trx
    .from('campaigns')
    .select('id', 'name', 'description', 'primary_objective', 'target_audience', 'channels')
    .orderBy('created_at', 'asc')
    .first()
  const project = await createProject({
    goal: 'Show busy founders how the spring release saves an hour a day. Automated reports arrive every Monday; one click shares them with the team',
    platform: 'YouTubeShort',
    duration_s: 6,
    campaign_id: campaign?.id ?? null,
    brand_kit: { primary_color: '#0f172a', secondary_color: '#2563eb', font: 'sans-bold' },
  })
  const plan = planLocally({
    goal: project.goal,
    durationS: project.duration_s,
    platform: project.platform,
    maxSceneS: 30,
    campaign: campaign ?? null,
  })
  await storePlan(project.id, plan)
  const storage = workspaceStorage(workspaceId!)
  const brand = await resolveBrandKit(project.brand_kit)
  const format = PLATFORM_FORMATS.YouTubeShort
  const prepared = await aiMedia.prepare('image', { purpose: 'video.images', provider: 'local' })
  const workDir = await mkdtemp(join(tmpdir(), 'aip-video-seed-'))
  try {
    const stills: string[] = []
    for (const [index, scene] of plan.scenes.entries()) {
      const outcome = await aiMedia.generateImage(prepared, {
        prompt: scene.visual_prompt,
        aspectRatio: format.aspectRatio,
        palette: [brand.primary_color, brand.secondary_color],
      })
      if (outcome.status !== 'ok') throw new Error('the local image provider never filters')
      await storage.put(
        `${projectFolder(project.id)}/scene-${index}.png`,
        outcome.bytes,
        'image/png'
      )
      const file = join(workDir, `scene-${index}.png`)
      await writeFile(file, outcome.bytes)
      stills.push(file)
    }
    const output = join(workDir, 'video.mp4')
    await renderVideo({
      ...format,
      fps: videoConfig.fps,
      durationS: project.duration_s,
      title: plan.title,
      scenes: plan.scenes.map((scene, index) => ({ ...scene, still: stills[index] })),
      brand,
      workDir,
      output,
      binaries: ffmpegBinaries(videoConfig.binaries),
    })
    const key = `${projectFolder(project.id)}/video.mp4`
    await storage.put(key, await readFile(output), 'video/mp4')
    await trx
      .from('ai_video_projects')
      .where('id', project.id)
      .update({
        status: 'completed',
        video_key: key,
        completed_at: new Date(),
        generated_images: plan.scenes.map((_, i) => `${projectFolder(project.id)}/scene-${i}.png`),
      })
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}
