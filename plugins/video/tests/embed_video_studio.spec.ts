import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { serviceRows } from '#tests/helpers/service_rows'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { createProject, jobRows, projectRow } from './helpers.js'

const APP = 'https://app.vendor.example.test'

/** A workspace with a `video:studio` key and a secret key, both issued by `account`. */
async function studioWorkspace(client: ApiClient, name: string) {
  const account = await registerAccount(client, name)
  const workspaceId = account.personalWorkspaceId
  const key = await createEmbedKey(client, account, workspaceId, {
    allowed_origins: [APP],
    capabilities: ['video:studio'],
    // The widget polls a project while it renders.
    rate_limit_per_minute: 600,
  })
  const secret = await createEmbedSecretKey(client, account, workspaceId)
  return { account, workspaceId, key, secret }
}

/** The widget's calls from the vendor's app, with an optional session token. */
function widget(client: ApiClient, key: string, token?: string) {
  const headers = (request: any) => {
    request.header('origin', APP).header('x-embed-key', key)
    if (token) request.header('authorization', `Bearer ${token}`)
    return request
  }
  return {
    get: (path: string) => headers(client.get(`/v1/embed/video${path}`)),
    post: (path: string, body: Record<string, unknown> = {}) =>
      headers(client.post(`/v1/embed/video${path}`)).json(body),
  }
}

/** Polls the widget's project route until `done` holds for the body. */
async function pollProject(
  studio: ReturnType<typeof widget>,
  id: string,
  done: (body: any) => boolean
) {
  return waitFor(
    async () => {
      const response = await studio.get(`/projects/${id}`)
      if (response.status() !== 200) throw new Error(response.text())
      return done(response.body()) ? response.body() : null
    },
    120_000,
    250
  )
}

/** GETs a signed link against the test server (no credentials). */
function fetchLink(url: string) {
  const { pathname, search } = new URL(url)
  return fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}${search}`)
}

test.group('Video: the video studio widget routes', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('an end user creates from a goal, edits the plan, renders as the key creator and plays the MP4', async ({
    client,
    assert,
  }) => {
    const { account, workspaceId, key, secret } = await studioWorkspace(client, 'vidstudio')
    const token = await mintSessionToken(secret, {
      sub: 'maker-1',
      name: 'Mia Maker',
      scope: 'video:write',
    })
    const studio = widget(client, key.public_key, token)

    const created = await studio.post('/projects', {
      goal: 'Show weekend hikers our new waterproof trail jacket',
      duration_s: 6,
      platform: 'Reels',
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const id = created.body().id
    assert.equal(created.body().status, 'planning')
    assert.deepEqual(
      created.body().steps.map((step: any) => `${step.job_type}:${step.status}`),
      ['scene_plan:pending']
    )
    const [endUser] = await serviceRows(
      'select id from embed_end_users where workspace_id = ?::uuid and external_id = ?',
      [workspaceId, 'maker-1']
    )
    const row = await projectRow(id)
    assert.equal(row.created_by_end_user_id, endUser.id)
    assert.isNull(row.user_id)

    const planned = await pollProject(studio, id, (body) => body.status === 'draft')
    assert.isAbove(planned.scene_plan.scenes.length, 0)
    assert.equal(planned.progress.completed, 1)

    const scenes = planned.scene_plan.scenes.map((scene: any) => ({ ...scene }))
    scenes[0].caption = 'Stay dry on every trail'
    // The plugin's rule: durations add up to the project's.
    const wrong = await studio.post(`/projects/${id}/plan`, {
      title: planned.scene_plan.title,
      scenes: scenes.map((scene: any) => ({ ...scene, duration_s: scene.duration_s + 1 })),
    })
    wrong.assertStatus(422)
    assert.match(wrong.text(), /add up to/)
    const edited = await studio.post(`/projects/${id}/plan`, {
      title: 'Rain-proof weekends',
      scenes,
    })
    edited.assertStatus(200)
    await assertMatchesSpec(edited)
    assert.equal(edited.body().scene_plan.scenes[0].caption, 'Stay dry on every trail')

    const started = await studio.post(`/projects/${id}/generate`)
    started.assertStatus(202)
    await assertMatchesSpec(started)
    assert.equal(started.body().status, 'generating_images')
    // A second start is the plugin's own refusal.
    ;(await studio.post(`/projects/${id}/generate`)).assertStatus(409)

    const done = await pollProject(studio, id, (body) =>
      ['completed', 'failed'].includes(body.status)
    )
    assert.equal(done.status, 'completed', done.error_message)
    assert.equal(done.progress.percent, 100)
    assert.isString(done.video_url)
    const file = await fetchLink(done.video_url)
    assert.equal(file.status, 200)
    assert.equal(file.headers.get('content-type'), 'video/mp4')

    // The steps ran as the member who issued the key (accountable for the spend).
    const steps = await jobRows(id)
    assert.isAbove(steps.length, 2)
    for (const step of steps) assert.equal(step.user_id, account.id)
    const final = await projectRow(id)
    assert.equal(final.scene_plan.title, 'Rain-proof weekends')

    // The workspace keeps seeing it through the normal routes.
    const admin = await client.get(`/v1/video/projects/${id}`).bearerToken(account.token)
    admin.assertStatus(200)
    assert.equal(admin.body().created_by_end_user_id, endUser.id)

    const listed = await studio.get('/projects')
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.deepEqual(
      listed.body().data.map((project: any) => project.id),
      [id]
    )
  })

  test("another end user, the workspace's own projects and another workspace are 404", async ({
    client,
    assert,
  }) => {
    const { account, key, secret } = await studioWorkspace(client, 'vidiso')
    const first = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'alice', scope: 'video:write' })
    )
    const second = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'bob', scope: 'video:write' })
    )
    const mine = await first.post('/projects', { goal: 'Alice sells handmade candles' })
    mine.assertStatus(201)
    const id = mine.body().id
    const own = await createProject(client, account, { goal: 'The workspace own video' })

    const listed = await second.get('/projects')
    listed.assertStatus(200)
    assert.lengthOf(listed.body().data, 0)
    for (const target of [id, own.id]) {
      ;(await second.get(`/projects/${target}`)).assertStatus(404)
      ;(
        await second.post(`/projects/${target}/plan`, {
          title: 'Stolen',
          scenes: [{ duration_s: 8, visual_prompt: 'x', caption: 'x', voiceover: 'x' }],
        })
      ).assertStatus(404)
      ;(await second.post(`/projects/${target}/generate`)).assertStatus(404)
    }
    ;(await first.get(`/projects/${own.id}`)).assertStatus(404)
    const firstList = await first.get('/projects')
    assert.deepEqual(
      firstList.body().data.map((project: any) => project.id),
      [id]
    )

    // An end user of another workspace with the same external id.
    const other = await studioWorkspace(client, 'vidother')
    const stranger = widget(
      client,
      other.key.public_key,
      await mintSessionToken(other.secret, { sub: 'alice', scope: 'video:write' })
    )
    ;(await stranger.get(`/projects/${id}`)).assertStatus(404)
    ;(await stranger.post(`/projects/${id}/generate`)).assertStatus(404)
    assert.lengthOf((await stranger.get('/projects')).body().data, 0)
    // Bad ids are a 404 too, not a 5xx.
    ;(await first.get('/projects/not-a-uuid')).assertStatus(404)

    // A failed video is not rendered again from the widget (retrying is the workspace's call).
    await db.from('ai_video_projects').where('id', id).update({ status: 'failed' })
    const again = await first.post(`/projects/${id}/generate`)
    again.assertStatus(409)
    assert.match(again.body().detail, /create a new one/)
  })

  test('no session, an expired one, a read-only scope or a key without the capability: refused', async ({
    client,
    assert,
  }) => {
    const { account, workspaceId, key, secret } = await studioWorkspace(client, 'vidrefuse')
    const anonymous = await widget(client, key.public_key).get('/projects')
    anonymous.assertStatus(401)
    assert.match(anonymous.body().detail, /^missing:/)
    const past = Math.floor(Date.now() / 1000) - 3600
    const expired = await widget(
      client,
      key.public_key,
      await mintSessionToken(secret, {
        sub: 'late',
        scope: 'video:write',
        iat: past,
        exp: past + 60,
      })
    ).get('/projects')
    expired.assertStatus(401)
    assert.match(expired.body().detail, /^expired:/)

    const reader = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'reader', scope: 'video:read' })
    )
    ;(await reader.get('/projects')).assertStatus(200)
    const write = await reader.post('/projects', { goal: 'Not allowed' })
    write.assertStatus(403)
    assert.match(write.body().detail, /video:write/)

    const writer = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'writer', scope: 'video:write' })
    )
    ;(await writer.post('/projects', { goal: '' })).assertStatus(422)
    ;(await writer.post('/projects', { goal: 'Too long', duration_s: 500 })).assertStatus(422)

    const chatKey = await createEmbedKey(client, account, workspaceId, {
      allowed_origins: [APP],
      capabilities: ['support:submit'],
    })
    const wrongKey = await widget(
      client,
      chatKey.public_key,
      await mintSessionToken(secret, { sub: 'writer', scope: 'video:write' })
    ).get('/projects')
    wrongKey.assertStatus(403)
    assert.match(wrongKey.body().detail, /video:studio/)
  })

  test("starting work is refused with 409 once the key's creator left the workspace; erasing the end user unlinks their projects", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'vidowner')
    const team = await createWorkspace(client, owner)
    const issuer = await registerAccount(client, 'vidissuer')
    await addMember(client, owner, team.id, issuer, 'admin')
    const key = await createEmbedKey(client, issuer, team.id, {
      allowed_origins: [APP],
      capabilities: ['video:studio'],
    })
    const secret = await createEmbedSecretKey(client, owner, team.id)
    const studio = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'eve', scope: 'video:write' })
    )
    const kept = await studio.post('/projects', { goal: 'Eve launches a podcast' })
    kept.assertStatus(201)
    assert.equal((await jobRows(kept.body().id))[0].user_id, issuer.id)

    // A creator demoted to viewer cannot start work either.
    const demoted = await client
      .patch(`/v1/workspaces/${team.id}/members/${issuer.id}`)
      .bearerToken(owner.token)
      .json({ role: 'viewer' })
    demoted.assertStatus(200)
    const viewer = await studio.post('/projects', { goal: 'Eve launches a newsletter' })
    viewer.assertStatus(409)
    assert.match(viewer.body().detail, /now a viewer/)

    const removed = await client
      .delete(`/v1/workspaces/${team.id}/members/${issuer.id}`)
      .bearerToken(owner.token)
    assert.oneOf(removed.status(), [200, 204], removed.text())
    const refused = await studio.post('/projects', { goal: 'Eve launches a second podcast' })
    refused.assertStatus(409)
    assert.equal(refused.body().type.split('/').at(-1), 'embed-key-creator-unavailable')
    assert.match(refused.body().detail, /no longer in the workspace/)
    // Nothing was created by the refused request (rolled back).
    const list = await studio.get('/projects')
    assert.deepEqual(
      list.body().data.map((project: any) => project.id),
      [kept.body().id]
    )
    // Reading still works: only starting work needs the accountable member.
    ;(await studio.get(`/projects/${kept.body().id}`)).assertStatus(200)

    // The data subject's erasure: the project stays with the workspace, unlinked.
    const [endUser] = await serviceRows(
      'select id from embed_end_users where workspace_id = ?::uuid and external_id = ?',
      [team.id, 'eve']
    )
    const erased = await client
      .delete(`/v1/embed/end-users/${endUser.id}`)
      .bearerToken(owner.token)
      .header('x-workspace-id', team.id)
    erased.assertStatus(204)
    const row = await projectRow(kept.body().id)
    assert.isNull(row.created_by_end_user_id)
  })
})
