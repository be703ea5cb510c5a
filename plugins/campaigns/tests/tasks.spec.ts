import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createCampaign } from './helpers.js'

test.group('Campaigns: tasks', () => {
  test('creates, lists, filters, completes, reopens and deletes tasks', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'tasks')
    const campaign = await createCampaign(client, account)
    const base = `/v1/campaigns/${campaign.id}/tasks`
    const created = await client
      .post(base)
      .bearerToken(account.token)
      .json({ title: 'Write the brief', priority: 'high', due_date: '2026-06-01T09:00:00Z' })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const task = created.body()
    assert.equal(task.status, 'pending')
    assert.equal(task.priority, 'high')
    assert.equal(task.campaign_id, campaign.id)
    assert.equal(task.created_by, account.id)
    assert.isNull(task.completed_at)
    const second = await client
      .post(base)
      .bearerToken(account.token)
      .json({ title: 'Already done', status: 'completed' })
    second.assertStatus(201)
    assert.isNotNull(second.body().completed_at)

    const list = await client.get(base).bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((row: { title: string }) => row.title),
      ['Write the brief', 'Already done']
    )
    const completed = await client.get(base).bearerToken(account.token).qs({ status: 'completed' })
    assert.deepEqual(
      completed.body().data.map((row: { id: string }) => row.id),
      [second.body().id]
    )
    const high = await client.get(base).bearerToken(account.token).qs({ priority: 'high' })
    assert.lengthOf(high.body().data, 1)

    const done = await client
      .patch(`${base}/${task.id}`)
      .bearerToken(account.token)
      .json({ status: 'completed' })
    done.assertStatus(200)
    await assertMatchesSpec(done)
    assert.isNotNull(done.body().completed_at)
    const reopened = await client
      .patch(`${base}/${task.id}`)
      .bearerToken(account.token)
      .json({ status: 'in_progress', title: 'Rewrite the brief' })
    assert.isNull(reopened.body().completed_at)
    assert.equal(reopened.body().title, 'Rewrite the brief')

    const shown = await client.get(`${base}/${task.id}`).bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    ;(await client.delete(`${base}/${task.id}`).bearerToken(account.token)).assertStatus(204)
    ;(await client.get(`${base}/${task.id}`).bearerToken(account.token)).assertStatus(404)
    ;(await client.get(`${base}/not-a-uuid`).bearerToken(account.token)).assertStatus(404)
  })

  test('rejects invalid tasks with 422', async ({ client, assert }) => {
    const account = await registerAccount(client, 'tasksbad')
    const campaign = await createCampaign(client, account)
    const base = `/v1/campaigns/${campaign.id}/tasks`
    for (const [body, field] of [
      [{ title: '' }, 'title'],
      [{ title: 'x', priority: 'asap' }, 'priority'],
      [{ title: 'x', status: 'done' }, 'status'],
      [{ title: 'x', due_date: '2026-13-01' }, 'due_date'],
    ] as const) {
      const response = await client.post(base).bearerToken(account.token).json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.equal(response.body().errors[0].field, field)
    }
    const list = await client.get(base).bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test("another workspace gets 404 for the campaign's tasks, and a task id under another campaign is 404", async ({
    client,
  }) => {
    const owner = await registerAccount(client, 'taskowner')
    const stranger = await registerAccount(client, 'taskstranger')
    const campaign = await createCampaign(client, owner)
    const otherCampaign = await createCampaign(client, owner)
    const base = `/v1/campaigns/${campaign.id}/tasks`
    const task = (await client.post(base).bearerToken(owner.token).json({ title: 'Mine' })).body()
    ;(await client.get(base).bearerToken(stranger.token)).assertStatus(404)
    ;(await client.post(base).bearerToken(stranger.token).json({ title: 'x' })).assertStatus(404)
    ;(await client.get(`${base}/${task.id}`).bearerToken(stranger.token)).assertStatus(404)
    ;(
      await client.patch(`${base}/${task.id}`).bearerToken(stranger.token).json({ title: 'y' })
    ).assertStatus(404)
    ;(await client.delete(`${base}/${task.id}`).bearerToken(stranger.token)).assertStatus(404)
    ;(
      await client
        .get(`/v1/campaigns/${otherCampaign.id}/tasks/${task.id}`)
        .bearerToken(owner.token)
    ).assertStatus(404)
    ;(await client.get(`${base}/${task.id}`).bearerToken(owner.token)).assertStatus(200)
  })
})
