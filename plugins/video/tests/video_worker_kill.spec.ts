import { randomUUID } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from '@japa/runner'
import { freePort, ServerProcess } from '#tests/helpers/processes'
import { FakeMediaServer } from './fake_media_server.js'

const KEY = 'media-kill-key-0123456789'
const external = Boolean(process.env.DATABASE_URL)

/** JSON call to a server process. */
async function call(server: ServerProcess, path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  })
  return { status: response.status, body: (await response.json().catch(() => null)) as any }
}

test.group('Video: the worker process killed mid-poll (kill -9) and restarted', () => {
  test('the project resumes and no Veo operation is submitted twice', async ({ assert }) => {
    const fake = await new FakeMediaServer(KEY).start()
    fake.planText = JSON.stringify({
      title: 'Kill test',
      scenes: [
        { duration_s: 3, visual_prompt: 'A ridge at dawn', caption: 'Dawn', voiceover: 'Dawn.' },
        { duration_s: 3, visual_prompt: 'A river at dusk', caption: 'Dusk', voiceover: 'Dusk.' },
      ],
    })
    fake.pollsUntilDone = 8
    const env: Record<string, string | undefined> = {
      GOOGLE_GENERATIVE_AI_BASE_URL: fake.googleBaseUrl,
      GOOGLE_GENERATIVE_AI_API_KEY: KEY,
      AI_MAX_RETRIES: '0',
      VIDEO_POLL_INTERVAL_SECONDS: '0.3',
      WORKER_LEASE_SECONDS: '3',
      PLUGINS: 'campaigns,video',
      ...(external
        ? { DATABASE_URL: process.env.DATABASE_URL }
        : {
            DATABASE_URL: undefined,
            EMBEDDED_STORAGE: 'disk',
            DATA_DIR: await mkdtemp(join(tmpdir(), 'aip-video-kill-')),
          }),
    }
    let server = new ServerProcess(await freePort(), env)
    try {
      await server.waitReady()
      const registered = await call(server, '/v1/auth/register', {
        method: 'POST',
        body: JSON.stringify({
          email: `kill-${randomUUID().slice(0, 8)}@example.com`,
          password: 'correct-horse-battery',
        }),
      })
      assert.equal(registered.status, 201)
      const headers = { authorization: `Bearer ${registered.body.token.value}` }
      const created = await call(server, '/v1/video/projects', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          goal: 'Dawn to dusk on the trail',
          provider: 'google',
          duration_s: 6,
        }),
      })
      assert.equal(created.status, 201)
      const id = created.body.id
      const started = await call(server, `/v1/video/projects/${id}/generate`, {
        method: 'POST',
        headers,
      })
      assert.equal(started.status, 202)
      for (let waited = 0; fake.count(/\/operations\//) < 2; waited += 50) {
        if (waited > 120_000 || server.exited) throw new Error(`no poll:\n${server.output()}`)
        await sleep(50)
      }
      await server.kill9()
      const submittedAtKill = fake.count(/:predictLongRunning$/)
      assert.isAtLeast(submittedAtKill, 1)

      server = new ServerProcess(await freePort(), env)
      await server.waitReady()
      let project: any
      for (let waited = 0; ; waited += 200) {
        project = (await call(server, `/v1/video/projects/${id}`, { headers })).body
        if (['completed', 'failed'].includes(project.status)) break
        if (waited > 180_000 || server.exited) {
          throw new Error(
            `not finished: ${JSON.stringify(project)}\n${server.output().slice(-3000)}`
          )
        }
        await sleep(200)
      }
      assert.equal(project.status, 'completed', project.error_message)
      assert.equal(fake.count(/:predictLongRunning$/), 2, 'one submission per scene in total')
      assert.equal(fake.count(/gemini-2\.5-flash-image:generateContent$/), 2)
    } finally {
      await server.stop()
      await fake.server.close()
    }
  }).timeout(420_000)
})
