import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { strFromU8 } from 'fflate'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { downloadArchive } from '#tests/helpers/privacy_subject'

test.group('Strategy: privacy export and erasure', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test("a member's analyses are exported and anonymised on erasure; copilot sessions are erased", async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'stratprivowner')
    const user = await registerAccount(client, 'stratprivuser')
    const team = await createWorkspace(client, owner)
    await addMember(client, owner, team.id, user, 'member')
    const inTeam = (method: 'post', path: string, body: Record<string, unknown>) =>
      client[method](path).bearerToken(user.token).header('X-Workspace-Id', team.id).json(body)
    const positioning = await inTeam('post', '/v1/strategy/positioning', {
      product_name: 'Team product',
    })
    positioning.assertStatus(201)
    const session = await inTeam('post', '/v1/strategy/copilot/sessions', {
      objective: 'Grow the team',
    })
    session.assertStatus(201)

    const exportRequest = await client.post('/v1/privacy/exports').bearerToken(user.token)
    exportRequest.assertStatus(202)
    const exported = await waitFor(async () => {
      const response = await client
        .get(`/v1/privacy/exports/${exportRequest.body().id}`)
        .bearerToken(user.token)
      return ['completed', 'failed'].includes(response.body().status) ? response.body() : null
    }, 30_000)
    assert.equal(exported.status, 'completed', exported.error)
    const archive = await downloadArchive(exported.download_url)
    const analyses = JSON.parse(
      strFromU8(archive['tables/strategy/brand_positioning_analyses.json'])
    )
    assert.deepEqual(
      analyses.map((row: { id: string }) => row.id),
      [positioning.body().id]
    )
    const sessions = JSON.parse(
      strFromU8(archive['tables/strategy/campaign_copilot_sessions.json'])
    )
    assert.deepEqual(
      sessions.map((row: { id: string }) => row.id),
      [session.body().id]
    )

    const requested = await client.post('/v1/privacy/deletions').bearerToken(user.token).json({})
    requested.assertStatus(201)
    const confirmed = await client
      .post(`/v1/privacy/deletions/${requested.body().deletion_request.id}/confirm`)
      .bearerToken(user.token)
      .json({ token: requested.body().confirmation_token, password: user.password })
    confirmed.assertStatus(202)
    const erased = await waitFor(async () => {
      const row = (
        await db.rawQuery('select status, error from data_deletion_requests where id = ?', [
          requested.body().deletion_request.id,
        ])
      ).rows[0]
      return ['completed', 'failed'].includes(row.status) ? row : null
    }, 30_000)
    assert.equal(erased.status, 'completed', erased.error)
    const kept = await client
      .get(`/v1/strategy/positioning/${positioning.body().id}`)
      .bearerToken(owner.token)
      .header('X-Workspace-Id', team.id)
    kept.assertStatus(200)
    assert.isNull(kept.body().user_id)
    const left = await db.rawQuery(
      'select count(*)::int as n from campaign_copilot_sessions where id = ?',
      [session.body().id]
    )
    assert.equal(left.rows[0].n, 0)
  })
})
