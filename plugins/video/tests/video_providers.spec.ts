import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { aiConfig, workspaceStorage, type RemoteProviderSettings } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { ffmpegBinaries } from '../services/ffmpeg_binaries.js'
import { runImagesStep, runPlanStep, runVideoStep } from '../services/pipeline.js'
import { probeVideo } from '../services/video_renderer.js'
import videoConfig from '../video_config.js'
import { FakeMediaServer } from './fake_media_server.js'
import { createProject, identityOf, jobRows, projectRow } from './helpers.js'

const KEY = 'media-fake-key-0123456789'
const PREDICT = /:predictLongRunning$/
const IMAGE = /gemini-2\.5-flash-image:generateContent$/
const OPENAI_IMAGE = /^\/v1\/images\/generations$/

/** Points the google and openai providers at the fake for a group. */
function useFake(group: { setup: (fn: () => any) => void }, fake: FakeMediaServer) {
  group.setup(async () => {
    await fake.start()
    const saved: Record<string, RemoteProviderSettings> = {
      google: { ...aiConfig.providers.google },
      openai: { ...aiConfig.providers.openai },
    }
    const savedRetries = aiConfig.maxRetries
    const savedPoll = videoConfig.pollIntervalSeconds
    aiConfig.providers.google = { ...saved.google, baseUrl: fake.googleBaseUrl, apiKey: KEY }
    aiConfig.providers.openai = { ...saved.openai, baseUrl: fake.openAiBaseUrl, apiKey: KEY }
    aiConfig.maxRetries = 0
    videoConfig.pollIntervalSeconds = 0.2
    return async () => {
      aiConfig.providers.google = saved.google
      aiConfig.providers.openai = saved.openai
      aiConfig.maxRetries = savedRetries
      videoConfig.pollIntervalSeconds = savedPoll
      await fake.server.close()
    }
  })
}

/** A two-scene plan the remote planner's model answers (durations deliberately off). */
const REMOTE_PLAN = JSON.stringify({
  title: 'Grip that holds on wet rock',
  scenes: [
    {
      duration_s: 5,
      visual_prompt: 'Trail runner on wet granite at dawn',
      caption: 'Grip on wet rock',
      voiceover: 'New grip soles hold on wet rock.',
    },
    {
      duration_s: 5,
      visual_prompt: 'Shoes on a shop shelf, 30% off tag',
      caption: '30% off this week',
      voiceover: 'Thirty percent off, this week only.',
    },
  ],
})

/** Drops graphile jobs a test queued but will not run (steps it ran by hand). */
async function dropQueuedJobs(projectId: string) {
  await db.rawQuery(
    "delete from graphile_worker._private_jobs where payload->>'project_id' = ? and locked_at is null",
    [projectId]
  )
}

/** Creates a google project, queues generation and runs the plan step by hand. */
async function plannedProject(
  client: any,
  account: TestAccount,
  body: Record<string, unknown> = {}
) {
  const project = await createProject(client, account, {
    provider: 'google',
    duration_s: 8,
    ...body,
  })
  const started = await client
    .post(`/v1/video/projects/${project.id}/generate`)
    .bearerToken(account.token)
  started.assertStatus(202)
  await runPlanStep(identityOf(account), project.id)
  return project
}

async function budgetOf(account: TestAccount) {
  return db.from('ai_video_budgets').where('workspace_id', account.personalWorkspaceId).first()
}

test.group(
  'Video: google pipeline (Gemini image + Veo) against a local fake, worker stopped mid-poll',
  (group) => {
    const fake = new FakeMediaServer(KEY)
    useFake(group, fake)

    test('remote plan → images → Veo clips submitted once each across a worker restart → MP4, cost settled', async ({
      client,
      assert,
    }) => {
      fake.planText = REMOTE_PLAN
      fake.pollsUntilDone = 4
      const account = await registerAccount(client, 'vidgoogle')
      const project = await createProject(client, account, { provider: 'google', duration_s: 8 })
      let stopWorker = await runWorkerDuringGroup()
      try {
        const started = await client
          .post(`/v1/video/projects/${project.id}/generate`)
          .bearerToken(account.token)
        started.assertStatus(202)
        // Before a plan: 3 scenes of 8/3 s → 3 images at $0.039 + 3 Veo clips of 4 s at $0.40/s
        assert.equal(started.body().estimated_cost_usd, 4.917)
        assert.equal(Number((await budgetOf(account)).reserved_usd), 4.917)
        await waitFor(async () => fake.count(/\/operations\//) >= 1, 120_000)
      } finally {
        await stopWorker()
      }
      const midway = await jobRows(project.id)
      const submitted = midway.filter(
        (job: any) => job.job_type === 'video_generation' && job.veo_operation_id
      )
      assert.isAtLeast(submitted.length, 1)
      assert.equal(fake.count(PREDICT), submitted.length)
      assert.equal((await projectRow(project.id)).status, 'generating_video')

      stopWorker = await runWorkerDuringGroup()
      let done: any
      try {
        done = await waitFor(async () => {
          const row = await projectRow(project.id)
          return ['completed', 'failed'].includes(row.status) ? row : null
        }, 150_000)
      } finally {
        await stopWorker()
      }
      assert.equal(done.status, 'completed', done.error_message)
      assert.equal(fake.count(PREDICT), 2, 'one Veo submission per scene, none repeated')
      assert.equal(fake.count(IMAGE), 2)
      assert.equal(done.scene_plan.planner, 'google')
      assert.deepEqual(
        done.scene_plan.scenes.map((s: any) => s.duration_s),
        [4, 4]
      )
      assert.equal(Number(done.cost_usd), 3.278)
      assert.match(done.veo_operation_id, /^models\/veo-3\.0-generate-001\/operations\/op\d+$/)
      const budget = await budgetOf(account)
      assert.equal(Number(budget.reserved_usd), 0)
      assert.equal(Number(budget.spent_usd), 3.278)
      const usage = await db
        .from('ai_usage_events')
        .where('workspace_id', account.personalWorkspaceId)
        .orderBy('created_at')
      assert.sameMembers(
        usage.map(
          (row: any) =>
            `${row.operation}:${row.provider}:${Number(row.units)}:${Number(row.cost_usd)}`
        ),
        [
          'object:google:0:' + Number(usage.find((r: any) => r.operation === 'object').cost_usd),
          'image:google:1:0.039',
          'image:google:1:0.039',
          'video:google:4:1.6',
          'video:google:4:1.6',
        ]
      )
      const bytes = await workspaceStorage(account.personalWorkspaceId).getBytes(done.video_key)
      const path = join(mkdtempSync(join(tmpdir(), 'aip-video-veo-')), 'video.mp4')
      writeFileSync(path, bytes)
      const probe = await probeVideo(ffmpegBinaries(videoConfig.binaries), path)
      assert.equal(probe.codec, 'h264')
      assert.equal(`${probe.width}x${probe.height}`, '1080x1920')
      assert.approximately(probe.durationS, 8, 0.1)
    }).timeout(300_000)
  }
)

test.group('Video: provider refusals, quota and crashes (steps run by hand)', (group) => {
  const fake = new FakeMediaServer(KEY)
  useFake(group, fake)
  group.each.setup(() => {
    fake.planText = REMOTE_PLAN
    fake.imageMode = 'ok'
    fake.veoMode = 'ok'
    fake.pollsUntilDone = 1
  })

  test('a safety-filtered image fails the project with the reason, at cost 0, and releases the budget', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidfilter')
    const project = await plannedProject(client, account)
    fake.imageMode = 'filtered'
    await runImagesStep(identityOf(account), project.id)
    const row = await projectRow(project.id)
    assert.equal(row.status, 'failed')
    assert.include(row.error_message, 'IMAGE_SAFETY: The image may show a real person.')
    const jobs = await jobRows(project.id)
    assert.equal(jobs.find((j: any) => j.job_type === 'image_generation').status, 'filtered')
    const usage = await db
      .from('ai_usage_events')
      .where({ workspace_id: account.personalWorkspaceId, operation: 'image' })
      .first()
    assert.equal(usage.outcome, 'filtered')
    assert.equal(Number(usage.cost_usd), 0)
    assert.include(usage.outcome_reason, 'IMAGE_SAFETY')
    assert.equal(Number((await budgetOf(account)).reserved_usd), 0)
    const event = await db
      .from('webhook_events')
      .where({ workspace_id: account.personalWorkspaceId, event_type: 'video.failed' })
      .first()
    assert.equal(event.payload.project_id, project.id)
    await dropQueuedJobs(project.id)
  })

  test('a quota refusal (429) records nothing and the next run submits again; a Veo result filtered is recorded at cost 0', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidquota')
    const project = await plannedProject(client, account)
    fake.imageMode = 'quota'
    const before = fake.count(IMAGE)
    await assert.rejects(() => runImagesStep(identityOf(account), project.id), /quota/)
    assert.equal(fake.count(IMAGE), before + 1)
    const pending = (await jobRows(project.id)).find((j: any) => j.job_type === 'image_generation')
    assert.equal(pending.status, 'pending')
    assert.isNull(pending.submitted_at)
    fake.imageMode = 'ok'
    await runImagesStep(identityOf(account), project.id)
    assert.equal(fake.count(IMAGE), before + 3)
    assert.equal((await projectRow(project.id)).status, 'generating_video')

    fake.veoMode = 'filtered'
    await runVideoStep(identityOf(account), project.id)
    const row = await projectRow(project.id)
    assert.equal(row.status, 'failed')
    assert.include(row.error_message, 'The prompt may violate our policy on real people.')
    const video = await db
      .from('ai_usage_events')
      .where({ workspace_id: account.personalWorkspaceId, operation: 'video' })
      .first()
    assert.equal(video.outcome, 'filtered')
    assert.equal(Number(video.cost_usd), 0)
    assert.equal(Number(row.cost_usd), 0.078)
    await dropQueuedJobs(project.id)
  })

  test('an image call in flight when the worker died is not sent again until an explicit retry', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidinflight')
    const project = await plannedProject(client, account)
    await runImagesStep(identityOf(account), project.id)
    // Rewind: scene 1 recorded as submitted with no result, as a worker killed during the call leaves it.
    await db
      .from('ai_video_jobs')
      .where({ project_id: project.id, job_type: 'image_generation', scene_index: 1 })
      .update({ status: 'processing', result_url: null, completed_at: null })
    await db
      .from('ai_video_projects')
      .where('id', project.id)
      .update({ status: 'generating_images' })
    const sent = fake.count(IMAGE)
    await runImagesStep(identityOf(account), project.id)
    assert.equal(fake.count(IMAGE), sent, 'nothing submitted again automatically')
    const failed = await projectRow(project.id)
    assert.equal(failed.status, 'failed')
    assert.include(failed.error_message, 'was being generated when the worker stopped')

    const retried = await client
      .post(`/v1/video/projects/${project.id}/retry`)
      .bearerToken(account.token)
    retried.assertStatus(202)
    assert.equal(retried.body().status, 'generating_images')
    await runImagesStep(identityOf(account), project.id)
    assert.equal(fake.count(IMAGE), sent + 1, 'only the unknown scene is submitted again')
    assert.equal((await projectRow(project.id)).status, 'generating_video')
    await dropQueuedJobs(project.id)
  })

  test('a Veo submission whose answer was lost is not submitted again; a stored operation is polled, not resubmitted', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidveolost')
    const project = await plannedProject(client, account)
    await runImagesStep(identityOf(account), project.id)
    fake.pollsUntilDone = 3
    const submitted = fake.count(PREDICT)
    await runVideoStep(identityOf(account), project.id)
    assert.equal(fake.count(PREDICT), submitted + 2)
    // A second run (a retried or restarted job) polls the stored operations only.
    await runVideoStep(identityOf(account), project.id)
    assert.equal(fake.count(PREDICT), submitted + 2)
    const jobs = (await jobRows(project.id)).filter((j: any) => j.job_type === 'video_generation')
    assert.isTrue(jobs.every((j: any) => j.veo_operation_id && j.metadata.polls === 2))
    // Scene 2's submission marked but its operation name never committed (worker died mid-call).
    await db
      .from('ai_video_jobs')
      .where({ project_id: project.id, job_type: 'video_generation', scene_index: 1 })
      .update({ veo_operation_id: null, status: 'processing' })
    await runVideoStep(identityOf(account), project.id)
    assert.equal(fake.count(PREDICT), submitted + 2, 'no second paid submission')
    const failed = await projectRow(project.id)
    assert.equal(failed.status, 'failed')
    assert.include(failed.error_message, 'whether Google accepted it is unknown')
    await dropQueuedJobs(project.id)
  })

  test('OpenAI images + offline render at 1920x1080 with a voice-over track; a moderation refusal is filtered', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidopenai')
    const storage = workspaceStorage(account.personalWorkspaceId)
    const dir = mkdtempSync(join(tmpdir(), 'aip-video-audio-'))
    const { execFileSync } = await import('node:child_process')
    const binaries = ffmpegBinaries(videoConfig.binaries)
    execFileSync(binaries.ffmpeg, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=2',
      join(dir, 'voice.m4a'),
    ])
    await storage.put(
      'uploads/voice.m4a',
      (await import('node:fs')).readFileSync(join(dir, 'voice.m4a'))
    )
    const project = await createProject(client, account, {
      provider: 'openai',
      platform: 'Landscape',
      duration_s: 3,
      audio_key: 'uploads/voice.m4a',
    })
    const edited = await client
      .put(`/v1/video/projects/${project.id}/plan`)
      .bearerToken(account.token)
      .json({
        title: 'Spring sale',
        scenes: [
          {
            duration_s: 1.5,
            visual_prompt: 'Runner on a ridge',
            caption: 'Run further',
            voiceover: 'Run further.',
          },
          {
            duration_s: 1.5,
            visual_prompt: 'Shoe close-up',
            caption: '30% off',
            voiceover: 'Thirty percent off.',
          },
        ],
      })
    edited.assertStatus(200)
    const started = await client
      .post(`/v1/video/projects/${project.id}/generate`)
      .bearerToken(account.token)
    started.assertStatus(202)
    assert.equal(started.body().status, 'generating_images')
    assert.equal(started.body().estimated_cost_usd, 0.126)
    await runImagesStep(identityOf(account), project.id)
    assert.equal(fake.count(OPENAI_IMAGE) >= 2, true)
    await runVideoStep(identityOf(account), project.id)
    const done = await projectRow(project.id)
    assert.equal(done.status, 'completed', done.error_message)
    assert.equal(Number(done.cost_usd), 0.126)
    const path = join(dir, 'video.mp4')
    writeFileSync(path, await storage.getBytes(done.video_key))
    const probe = await probeVideo(binaries, path)
    assert.equal(`${probe.codec} ${probe.width}x${probe.height}`, 'h264 1920x1080')
    assert.approximately(probe.durationS, 3, 0.1)
    assert.isTrue(probe.hasAudio)

    const blocked = await createProject(client, account, { provider: 'openai', duration_s: 2 })
    await client
      .put(`/v1/video/projects/${blocked.id}/plan`)
      .bearerToken(account.token)
      .json({
        title: 'Blocked',
        scenes: [{ duration_s: 2, visual_prompt: 'A celebrity', caption: 'x', voiceover: 'x' }],
      })
    ;(
      await client.post(`/v1/video/projects/${blocked.id}/generate`).bearerToken(account.token)
    ).assertStatus(202)
    fake.imageMode = 'filtered'
    await runImagesStep(identityOf(account), blocked.id)
    const refused = await projectRow(blocked.id)
    assert.equal(refused.status, 'failed')
    assert.include(
      refused.error_message,
      'moderation_blocked: Your request was rejected by the safety system.'
    )
    await dropQueuedJobs(project.id)
    await dropQueuedJobs(blocked.id)
  }).timeout(120_000)
})
