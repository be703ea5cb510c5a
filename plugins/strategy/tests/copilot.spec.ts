import { test } from '@japa/runner'
import { withService } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { learnCopilotPreferences } from '../services/copilot_learning.js'
import { post, seedPerformance } from './helpers.js'

test.group('Strategy: campaign copilot', () => {
  test('plans from the workspace data, records feedback, saves the campaign and its tasks', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'copilot')
    await seedPerformance(client, account)
    const created = await client
      .post('/v1/strategy/copilot/sessions')
      .bearerToken(account.token)
      .json({
        objective: 'Generate leads from retail chains',
        product: 'Acme Forecast',
        budget: 1000,
        duration_weeks: 6,
      })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const plan = created.body().generated_campaign
    // email converts 20%, social 2%: email leads and gets the larger share.
    assert.deepEqual(plan.channels, ['email', 'social_media'])
    assert.isAbove(plan.budget_split[0].amount, plan.budget_split[1].amount)
    assert.closeTo(plan.budget_split[0].amount + plan.budget_split[1].amount, 1000, 0.02)
    assert.deepEqual(
      plan.kpis.map((k: any) => k.metric),
      ['leads_created', 'lead_conversion_rate']
    )
    assert.isTrue(plan.grounding.channel_data)
    assert.include(plan.name, 'Acme Forecast')

    const rated = await client
      .post(`/v1/strategy/copilot/sessions/${created.body().id}/feedback`)
      .bearerToken(account.token)
      .json({ section: 'tasks', interaction_type: 'approve', feedback_score: 5 })
    rated.assertStatus(200)
    await assertMatchesSpec(rated)
    const edited = await client
      .post(`/v1/strategy/copilot/sessions/${created.body().id}/feedback`)
      .bearerToken(account.token)
      .json({
        section: 'tasks',
        interaction_type: 'edit',
        user_modification: [
          { title: 'Write the retail case study', priority: 'high', due_in_days: 3 },
          { title: 'Send the first newsletter', due_in_days: 10 },
        ],
      })
    edited.assertStatus(200)
    assert.lengthOf(edited.body().generated_campaign.tasks, 2)
    assert.deepEqual(
      edited.body().interaction_history.map((h: any) => h.type),
      ['generated', 'approve', 'edit']
    )
    ;(
      await client
        .post(`/v1/strategy/copilot/sessions/${created.body().id}/feedback`)
        .bearerToken(account.token)
        .json({ section: 'tasks', interaction_type: 'edit', user_modification: 'nope' })
    ).assertStatus(422)
    ;(
      await client
        .post(`/v1/strategy/copilot/sessions/${created.body().id}/feedback`)
        .bearerToken(account.token)
        .json({ section: 'tasks', interaction_type: 'edit' })
    ).assertStatus(422)

    const saved = await client
      .post(`/v1/strategy/copilot/sessions/${created.body().id}/save`)
      .bearerToken(account.token)
      .json({ name: 'Retail leads Q3' })
    saved.assertStatus(201)
    await assertMatchesSpec(saved)
    assert.equal(saved.body().session.status, 'saved')
    const campaign = await client
      .get(`/v1/campaigns/${saved.body().campaign.id}`)
      .bearerToken(account.token)
    assert.equal(campaign.body().name, 'Retail leads Q3')
    assert.equal(campaign.body().total_budget, 1000)
    const tasks = await client
      .get(`/v1/campaigns/${saved.body().campaign.id}/tasks`)
      .bearerToken(account.token)
    assert.sameMembers(
      tasks.body().data.map((t: any) => t.title),
      ['Write the retail case study', 'Send the first newsletter']
    )
    ;(
      await client
        .post(`/v1/strategy/copilot/sessions/${created.body().id}/save`)
        .bearerToken(account.token)
        .json({})
    ).assertStatus(409)
  })

  test('a save that fails leaves no campaign, no task and the session active', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'copilotfail')
    const session = await post(client, account, '/v1/strategy/copilot/sessions', {
      objective: 'Brand awareness',
      product: 'Taken name',
    })
    // A task title past the campaigns table's 300-character limit fails after the campaign row is written.
    await post(
      client,
      account,
      `/v1/strategy/copilot/sessions/${session.id}/feedback`,
      {
        section: 'tasks',
        interaction_type: 'edit',
        user_modification: [
          { title: 'First task', due_in_days: 1 },
          { title: 'x'.repeat(299) + ' too long', due_in_days: 2 },
        ],
      },
      200
    )
    const failed = await client
      .post(`/v1/strategy/copilot/sessions/${session.id}/save`)
      .bearerToken(account.token)
      .json({ name: 'Atomic' })
    assert.isAtLeast(failed.status(), 400)
    assert.isBelow(failed.status(), 500)
    const campaigns = await client.get('/v1/campaigns').bearerToken(account.token)
    assert.deepEqual(campaigns.body().data, [])
    const shown = await client
      .get(`/v1/strategy/copilot/sessions/${session.id}`)
      .bearerToken(account.token)
    assert.equal(shown.body().status, 'active')
    // A taken name is a 409, with nothing written either.
    await post(client, account, '/v1/campaigns', { name: 'Taken' })
    await post(
      client,
      account,
      `/v1/strategy/copilot/sessions/${session.id}/feedback`,
      {
        section: 'tasks',
        interaction_type: 'edit',
        user_modification: [{ title: 'Only task', due_in_days: 1 }],
      },
      200
    )
    ;(
      await client
        .post(`/v1/strategy/copilot/sessions/${session.id}/save`)
        .bearerToken(account.token)
        .json({ name: 'Taken' })
    ).assertStatus(409)
    assert.lengthOf((await client.get('/v1/campaigns').bearerToken(account.token)).body().data, 1)
  })

  test('learned preferences from a fixed feedback history change the next plan', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'copilotlearn')
    await seedPerformance(client, account)
    const brief = { objective: 'Sell more', budget: 1000 }
    const first = await post(client, account, '/v1/strategy/copilot/sessions', brief)
    assert.deepEqual(first.generated_campaign.channels, ['email', 'social_media'])
    assert.isFalse(first.generated_campaign.grounding.learned_preferences)
    // The user removes email from the plan twice: email's learned success is 0.
    for (let round = 0; round < 2; round++) {
      const session = await post(client, account, '/v1/strategy/copilot/sessions', brief)
      await post(
        client,
        account,
        `/v1/strategy/copilot/sessions/${session.id}/feedback`,
        { section: 'channels', interaction_type: 'edit', user_modification: ['social_media'] },
        200
      )
    }
    await withService(({ trx }) => learnCopilotPreferences(trx, account.personalWorkspaceId))
    const next = await post(
      client,
      account,
      `/v1/strategy/copilot/sessions/${first.id}/regenerate`,
      {},
      200
    )
    assert.isTrue(next.generated_campaign.grounding.learned_preferences)
    assert.deepEqual(next.generated_campaign.channels, ['social_media'])
    // Naming email in the brief keeps it, with a lower weight than before.
    const explicit = await post(client, account, '/v1/strategy/copilot/sessions', {
      ...brief,
      channels: ['email', 'social_media'],
    })
    const emailShare = explicit.generated_campaign.budget_split.find(
      (r: any) => r.channel === 'email'
    ).share
    const before = first.generated_campaign.budget_split.find(
      (r: any) => r.channel === 'email'
    ).share
    assert.isBelow(emailShare, before)
  })
})
