import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createCampaign } from './helpers.js'

test.group('Campaigns: generated content and approval', () => {
  test('generates a piece with the local AI provider, grounded in the campaign, and meters it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'content')
    const campaign = await createCampaign(client, account, {
      name: 'Winter webinar',
      type: 'lead_generation',
      primary_objective: 'Register 400 finance leaders for the winter webinar on cash forecasting.',
      target_audience: 'CFOs of mid-size retailers.',
    })
    const generated = await client
      .post(`/v1/campaigns/${campaign.id}/content`)
      .bearerToken(account.token)
      .json({ content_type: 'email', brief: 'Invite CFOs to the webinar on cash forecasting.' })
    generated.assertStatus(201)
    await assertMatchesSpec(generated)
    const piece = generated.body()
    assert.equal(piece.approval_status, 'pending')
    assert.equal(piece.content_type, 'email')
    assert.equal(piece.title, 'Email: Winter webinar')
    assert.equal(piece.created_by_agent, 'ai_content_generator')
    assert.equal(piece.metadata.provider, 'local')
    assert.match(piece.content, /cash forecasting/i)
    assert.isAbove(piece.metadata.usage.outputTokens, 0)
    const usage = await db.rawQuery(
      'select count(*)::int as n from ai_usage_events where workspace_id = ? and purpose = ?',
      [account.personalWorkspaceId, 'campaigns.content']
    )
    assert.equal(usage.rows[0].n, 1)

    const list = await client
      .get(`/v1/campaigns/${campaign.id}/content`)
      .bearerToken(account.token)
      .qs({ approval_status: 'pending' })
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.lengthOf(list.body().data, 1)
  })

  test('approval workflow: pending → needs_revision → (edit) pending → approved, then final', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'contentflow')
    const campaign = await createCampaign(client, account, { primary_objective: 'Sell more.' })
    const base = `/v1/campaigns/${campaign.id}/content`
    const piece = (
      await client.post(base).bearerToken(account.token).json({ content_type: 'ad_copy' })
    ).body()
    const review = (decision: string, note?: string) =>
      client.post(`${base}/${piece.id}/review`).bearerToken(account.token).json({ decision, note })

    const revise = await review('needs_revision', 'Shorter, please')
    revise.assertStatus(200)
    await assertMatchesSpec(revise)
    assert.equal(revise.body().approval_status, 'needs_revision')
    assert.equal(revise.body().metadata.reviews[0].note, 'Shorter, please')
    assert.equal(revise.body().metadata.reviews[0].by, account.id)

    const notYet = await review('approved')
    notYet.assertStatus(409)
    await assertMatchesSpec(notYet)
    assert.match(notYet.body().detail, /needs_revision piece cannot be approved/)

    const edited = await client
      .patch(`${base}/${piece.id}`)
      .bearerToken(account.token)
      .json({ content: 'Sell more, spend less.' })
    edited.assertStatus(200)
    await assertMatchesSpec(edited)
    assert.equal(edited.body().approval_status, 'pending')
    assert.equal(edited.body().content, 'Sell more, spend less.')

    ;(await review('approved')).assertStatus(200)
    const again = await review('rejected')
    again.assertStatus(409)
    assert.match(again.body().detail, /approved, which is final/)
    const locked = await client
      .patch(`${base}/${piece.id}`)
      .bearerToken(account.token)
      .json({ title: 'New title' })
    locked.assertStatus(409)
    const stats = await client
      .patch(`${base}/${piece.id}`)
      .bearerToken(account.token)
      .json({ performance_data: { opens: 120 } })
    stats.assertStatus(200)
    assert.deepEqual(stats.body().performance_data, { opens: 120 })
    assert.lengthOf(stats.body().metadata.reviews, 2)

    const shown = await client.get(`${base}/${piece.id}`).bearerToken(account.token)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().approval_status, 'approved')
    ;(await client.delete(`${base}/${piece.id}`).bearerToken(account.token)).assertStatus(204)
    ;(await client.get(`${base}/${piece.id}`).bearerToken(account.token)).assertStatus(404)
  })

  test('refuses invalid requests with 422 and other workspaces with 404', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'contentowner')
    const stranger = await registerAccount(client, 'contentstranger')
    const campaign = await createCampaign(client, owner)
    const base = `/v1/campaigns/${campaign.id}/content`
    const bad = await client.post(base).bearerToken(owner.token).json({ content_type: 'poem' })
    bad.assertStatus(422)
    await assertMatchesSpec(bad)
    assert.equal(bad.body().errors[0].field, 'content_type')
    const unknownProvider = await client
      .post(base)
      .bearerToken(owner.token)
      .json({ content_type: 'email', provider: 'nonexistent' })
    assert.isAtLeast(unknownProvider.status(), 400)
    assert.isBelow(unknownProvider.status(), 500)

    const piece = (
      await client.post(base).bearerToken(owner.token).json({ content_type: 'social_post' })
    ).body()
    const badReview = await client
      .post(`${base}/${piece.id}/review`)
      .bearerToken(owner.token)
      .json({ decision: 'maybe' })
    badReview.assertStatus(422)

    ;(
      await client.post(base).bearerToken(stranger.token).json({ content_type: 'email' })
    ).assertStatus(404)
    ;(await client.get(base).bearerToken(stranger.token)).assertStatus(404)
    ;(await client.get(`${base}/${piece.id}`).bearerToken(stranger.token)).assertStatus(404)
    ;(
      await client.patch(`${base}/${piece.id}`).bearerToken(stranger.token).json({ title: 'x' })
    ).assertStatus(404)
    ;(
      await client
        .post(`${base}/${piece.id}/review`)
        .bearerToken(stranger.token)
        .json({ decision: 'approved' })
    ).assertStatus(404)
    ;(await client.delete(`${base}/${piece.id}`).bearerToken(stranger.token)).assertStatus(404)
    const still = await client.get(`${base}/${piece.id}`).bearerToken(owner.token)
    assert.equal(still.body().approval_status, 'pending')
  })
})
