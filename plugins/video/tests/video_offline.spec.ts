import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { ffmpegBinaries } from '../services/ffmpeg_binaries.js'
import { probeVideo } from '../services/video_renderer.js'
import videoConfig from '../video_config.js'
import { createProject, jobRows, projectRow } from './helpers.js'

/** GETs a signed link against the test server (no credentials). */
function fetchLink(url: string) {
  const { pathname, search } = new URL(url)
  return fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}${search}`)
}

test.group('Video: the offline pipeline makes a real MP4', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('goal and campaign brief → plan → images → H.264 1080x1920 of duration_s, downloadable by signed link', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidoffline')
    const created = await client.post('/v1/campaigns').bearerToken(account.token).json({
      name: 'Trail Spring Sale',
      description:
        'Thirty percent off trail shoes this week. Free returns for ninety days. Grip tested on wet rock',
      primary_objective: 'Sell 500 pairs before Sunday',
      target_audience: 'Weekend trail runners',
    })
    created.assertStatus(201)
    const campaign = created.body()
    const project = await createProject(client, account, {
      goal: 'Get trail runners to try the new grip shoes. The spring sale makes trail shoes thirty percent cheaper',
      campaign_id: campaign.id,
      duration_s: 8,
      platform: 'YouTubeShort',
      brand_kit: { primary_color: '#0b3d2e', secondary_color: '#f59e0b', font: 'serif-bold' },
    })
    const started = await client
      .post(`/v1/video/projects/${project.id}/generate`)
      .bearerToken(account.token)
    started.assertStatus(202)
    await assertMatchesSpec(started)
    assert.equal(started.body().status, 'planning')
    assert.equal(started.body().estimated_cost_usd, 0)

    const done = await waitFor(async () => {
      const row = await projectRow(project.id)
      return ['completed', 'failed'].includes(row.status) ? row : null
    }, 120_000)
    assert.equal(done.status, 'completed', done.error_message)

    const plan = done.scene_plan
    assert.equal(plan.planner, 'local')
    assert.equal(plan.title, 'Trail Spring Sale')
    assert.approximately(
      plan.scenes.reduce((sum: number, scene: any) => sum + scene.duration_s, 0),
      8,
      1e-9
    )
    assert.equal(plan.scenes.at(-1).caption, 'Sell 500 pairs before Sunday')
    assert.isTrue(plan.scenes.some((scene: any) => /thirty percent/i.test(scene.voiceover)))
    assert.lengthOf(done.generated_images, plan.scenes.length)

    const jobs = await jobRows(project.id)
    assert.sameMembers(
      jobs.map((job: any) => `${job.job_type}:${job.status}`),
      [
        'scene_plan:completed',
        ...plan.scenes.map(() => 'image_generation:completed'),
        'render:completed',
      ]
    )
    const listed = await client
      .get(`/v1/video/projects/${project.id}/jobs`)
      .bearerToken(account.token)
    listed.assertStatus(200)
    await assertMatchesSpec(listed)

    const shown = await client.get(`/v1/video/projects/${project.id}`).bearerToken(account.token)
    await assertMatchesSpec(shown)
    assert.match(shown.body().video_url, /\/v1\/video\/projects\/.+\/file\?expires=\d+&signature=/)
    const link = await client
      .get(`/v1/video/projects/${project.id}/download`)
      .bearerToken(account.token)
    link.assertStatus(200)
    await assertMatchesSpec(link)
    const file = await fetchLink(link.body().url)
    assert.equal(file.status, 200)
    assert.equal(file.headers.get('content-type'), 'video/mp4')
    const bytes = Buffer.from(await file.arrayBuffer())
    const path = join(mkdtempSync(join(tmpdir(), 'aip-video-test-')), 'video.mp4')
    writeFileSync(path, bytes)
    const probe = await probeVideo(ffmpegBinaries(videoConfig.binaries), path)
    assert.equal(probe.codec, 'h264')
    assert.equal(probe.width, 1080)
    assert.equal(probe.height, 1920)
    assert.approximately(probe.durationS, 8, 0.1)

    // Change the signature's first character (to another one: a random signature may start with x).
    const tampered = link
      .body()
      .url.replace(
        /signature=(.)/,
        (_: string, first: string) => `signature=${first === 'x' ? 'y' : 'x'}`
      )
    assert.equal((await fetchLink(tampered)).status, 403)

    const stats = await client.get('/v1/video/stats').bearerToken(account.token)
    assert.equal(stats.body().workspace.completed_videos, 1)
    assert.equal(stats.body().users[0].user_id, account.id)
    const events = await db
      .from('webhook_events')
      .where('workspace_id', account.personalWorkspaceId)
      .where('event_type', 'video.completed')
      .count('* as n')
    assert.equal(Number(events[0].n), 1)
  }).timeout(180_000)
})
