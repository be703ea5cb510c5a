import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { aiConfig, type RemoteProviderSettings } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createProject, projectRow } from './helpers.js'

const plan = {
  title: 'Spring sale',
  scenes: [
    {
      duration_s: 4,
      visual_prompt: 'Runner on a ridge',
      caption: 'Run further',
      voiceover: 'Run further.',
    },
    {
      duration_s: 4,
      visual_prompt: 'Shoe close-up',
      caption: '30% off',
      voiceover: 'Thirty percent off.',
    },
  ],
}

test.group('Video: budget reserved atomically before submission', (group) => {
  group.setup(() => {
    const saved: RemoteProviderSettings = { ...aiConfig.providers.openai }
    // A key is needed to price OpenAI images; nothing is submitted in this group (no worker runs).
    aiConfig.providers.openai = { ...saved, apiKey: 'budget-test-key' }
    return () => {
      aiConfig.providers.openai = saved
    }
  })

  test('100 concurrent generate requests never reserve past the limit; cancel releases', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vidbudget')
    const budget = await client
      .put('/v1/video/budget')
      .bearerToken(account.token)
      .json({ limit_usd: 0.4 })
    budget.assertStatus(200)
    await assertMatchesSpec(budget)
    assert.equal(budget.body().limit_usd, 0.4)
    const projects: Array<{ id: string }> = []
    for (let index = 0; index < 10; index++) {
      const project = await createProject(client, account, { provider: 'openai', duration_s: 8 })
      ;(
        await client
          .put(`/v1/video/projects/${project.id}/plan`)
          .bearerToken(account.token)
          .json(plan)
      ).assertStatus(200)
      projects.push(project)
    }
    // Each project: 2 OpenAI images at $0.063 = $0.126; $0.40 fits three.
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        client
          .post(`/v1/video/projects/${projects[index % 10].id}/generate`)
          .bearerToken(account.token)
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.deepEqual([...new Set(statuses)].sort(), [202, 409])
    const accepted = new Set(
      responses.filter((r) => r.status() === 202).map((r) => r.body().id as string)
    )
    assert.equal(accepted.size, 3)
    assert.equal(statuses.filter((s) => s === 202).length, 3, 'a project starts once')
    const refused = responses.find((r) => r.body().type?.endsWith('video-budget-exceeded'))
    assert.exists(refused)
    const row = await db
      .from('ai_video_budgets')
      .where('workspace_id', account.personalWorkspaceId)
      .first()
    assert.equal(Number(row.reserved_usd), 0.378)
    const shown = await client.get('/v1/video/budget').bearerToken(account.token)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().available_usd, 0.022)

    const [first] = [...accepted]
    const cancelled = await client
      .post(`/v1/video/projects/${first}/cancel`)
      .bearerToken(account.token)
    cancelled.assertStatus(200)
    assert.equal(cancelled.body().status, 'cancelled')
    assert.equal(cancelled.body().budget_reserved_usd, 0)
    const after = await db
      .from('ai_video_budgets')
      .where('workspace_id', account.personalWorkspaceId)
      .first()
    assert.equal(Number(after.reserved_usd), 0.252)
    const waiting = projects.find((p) => !accepted.has(p.id))!
    ;(
      await client.post(`/v1/video/projects/${waiting.id}/generate`).bearerToken(account.token)
    ).assertStatus(202)
    assert.equal((await projectRow(waiting.id)).status, 'generating_images')

    const negative = await client
      .put('/v1/video/budget')
      .bearerToken(account.token)
      .json({ limit_usd: -1 })
    negative.assertStatus(422)
    await db.rawQuery(
      "delete from graphile_worker._private_jobs where payload->>'project_id' = any(?) and locked_at is null",
      [projects.map((p) => p.id)]
    )
  }).timeout(120_000)
})
