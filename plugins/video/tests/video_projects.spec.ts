import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createProject, projectRow } from './helpers.js'

/** A plan of the given scene durations. */
const planOf = (durations: number[]) => ({
  title: 'Spring sale',
  scenes: durations.map((duration_s, index) => ({
    duration_s,
    visual_prompt: `Trail runners at dawn, shot ${index + 1}`,
    caption: `Caption ${index + 1}`,
    voiceover: `Voice-over ${index + 1}`,
  })),
})

test.group('Video projects: CRUD, plan edits and bad input', () => {
  test('creates, reads, updates, lists and deletes a project', async ({ client, assert }) => {
    const account = await registerAccount(client, 'vid')
    const created = await client
      .post('/v1/video/projects')
      .bearerToken(account.token)
      .json({ goal: '  Launch the spring sale ', platform: 'TikTok', duration_s: 12 })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const project = created.body()
    assert.equal(project.goal, 'Launch the spring sale')
    assert.equal(project.status, 'draft')
    assert.equal(project.provider, 'local')
    assert.equal(project.user_id, account.id)
    assert.isNull(project.video_url)

    const updated = await client
      .patch(`/v1/video/projects/${project.id}`)
      .bearerToken(account.token)
      .json({ brand_kit: { primary_color: '#112233', font: 'serif' } })
    updated.assertStatus(200)
    await assertMatchesSpec(updated)
    assert.deepEqual(updated.body().brand_kit, { primary_color: '#112233', font: 'serif' })

    const list = await client.get('/v1/video/projects').bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((row: { id: string }) => row.id),
      [project.id]
    )
    const deleted = await client
      .delete(`/v1/video/projects/${project.id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    ;(await client.get(`/v1/video/projects/${project.id}`).bearerToken(account.token)).assertStatus(
      404
    )
    ;(await client.get('/v1/video/projects/nope').bearerToken(account.token)).assertStatus(404)
  })

  test('bad input is a 422 that changes nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'vidbad')
    for (const body of [
      { goal: 'x', duration_s: 0 },
      { goal: 'x', duration_s: 121 },
      { goal: 'x', platform: 'Vine' },
      { goal: '   ' },
      { goal: 'x', brand_kit: { primary_color: 'red' } },
      { goal: 'x', campaign_id: randomUUID() },
      { goal: 'x', audio_key: 'ai-videos/missing.mp3' },
    ]) {
      const response = await client.post('/v1/video/projects').bearerToken(account.token).json(body)
      response.assertStatus(422)
      assert.match(response.header('content-type') ?? '', /^application\/problem\+json/)
    }
    const count = await db
      .from('ai_video_projects')
      .where('workspace_id', account.personalWorkspaceId)
      .count('* as n')
    assert.equal(Number(count[0].n), 0)

    const project = await createProject(client, account, { duration_s: 8 })
    const good = await client
      .put(`/v1/video/projects/${project.id}/plan`)
      .bearerToken(account.token)
      .json(planOf([3, 2.5, 2.5]))
    good.assertStatus(200)
    await assertMatchesSpec(good)
    assert.equal(good.body().scene_plan.planner, 'user')
    const before = await projectRow(project.id)
    for (const body of [planOf([3, 3, 3]), planOf([8.5]), { title: 'x', scenes: [] }]) {
      const response = await client
        .put(`/v1/video/projects/${project.id}/plan`)
        .bearerToken(account.token)
        .json(body)
      response.assertStatus(422)
    }
    const bad = await client
      .patch(`/v1/video/projects/${project.id}`)
      .bearerToken(account.token)
      .json({ duration_s: 121 })
    bad.assertStatus(422)
    const after = await projectRow(project.id)
    assert.deepEqual(after.scene_plan, before.scene_plan)
    assert.equal(after.duration_s, 8)
    const notYet = await client
      .get(`/v1/video/projects/${project.id}/download`)
      .bearerToken(account.token)
    notYet.assertStatus(409)
  })

  test('another workspace gets 404 on every route', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'vidowner')
    const stranger = await registerAccount(client, 'vidstranger')
    const project = await createProject(client, owner)
    const base = `/v1/video/projects/${project.id}`
    const calls = [
      client.get(base),
      client.patch(base).json({ goal: 'stolen' }),
      client.delete(base),
      client.post(`${base}/plan`),
      client.put(`${base}/plan`).json(planOf([8])),
      client.post(`${base}/generate`),
      client.post(`${base}/cancel`),
      client.post(`${base}/retry`),
      client.get(`${base}/download`),
      client.get(`${base}/jobs`),
    ]
    for (const call of calls) {
      const response = await call
        .bearerToken(stranger.token)
        .header('X-Workspace-Id', owner.personalWorkspaceId)
      response.assertStatus(404)
    }
    for (const call of [
      client.get(base),
      client.patch(base).json({ goal: 'stolen' }),
      client.delete(base),
      client.post(`${base}/plan`),
      client.put(`${base}/plan`).json(planOf([8])),
      client.post(`${base}/generate`),
      client.post(`${base}/cancel`),
      client.post(`${base}/retry`),
      client.get(`${base}/download`),
      client.get(`${base}/jobs`),
    ]) {
      ;(await call.bearerToken(stranger.token)).assertStatus(404)
    }
    const list = await client.get('/v1/video/projects').bearerToken(stranger.token)
    assert.deepEqual(list.body().data, [])
    const stats = await client.get('/v1/video/stats').bearerToken(stranger.token)
    stats.assertStatus(200)
    await assertMatchesSpec(stats)
    assert.equal(stats.body().workspace.total_videos, 0)
    const row = await projectRow(project.id)
    assert.equal(row.goal, project.goal)
    assert.equal(row.status, 'draft')
    ;(await client.get('/v1/video/projects')).assertStatus(401)
    ;(await client.get('/v1/video/stats')).assertStatus(401)
    ;(await client.get('/v1/video/budget')).assertStatus(401)
  })

  test('the signed file route refuses forged and expired links', async ({ client }) => {
    const account = await registerAccount(client, 'vidlink')
    const project = await createProject(client, account)
    const base = `/v1/video/projects/${project.id}/file`
    ;(await client.get(base).qs({ expires: '9999999999', signature: 'forged' })).assertStatus(403)
    ;(await client.get(base).qs({ expires: '1000', signature: 'forged' })).assertStatus(403)
    ;(await client.get(base)).assertStatus(422)
  })
})
