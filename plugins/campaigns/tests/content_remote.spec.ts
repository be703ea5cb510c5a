import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { serviceRows } from '#tests/helpers/service_rows'
import { ProviderHold } from '#tests/helpers/fake_chat_provider'
import { fakeOpenAiFor, idleInTransaction, within } from '#tests/helpers/held_provider'
import { createCampaign } from './helpers.js'

const PROVIDER_KEY = 'sk-fake-held-content-key-0000000000'

test.group('Campaigns: content from a remote provider (issue 17)', (group) => {
  const provider = fakeOpenAiFor(group, PROVIDER_KEY)
  group.each.setup(() => {
    provider.script = { pieces: ['Join our ', 'cash forecasting webinar.'], delayMs: 0 }
    provider.hold = null
  })

  test('no transaction is open while the provider answers: the workspace stays writable, then the piece is stored and metered', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'contentheld')
    await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: PROVIDER_KEY })
    const campaign = await createCampaign(client, account, {
      name: 'Winter webinar',
      primary_objective: 'Register finance leaders for the webinar on cash forecasting.',
    })
    const hold = (provider.hold = new ProviderHold())
    const generating = client
      .post(`/v1/campaigns/${campaign.id}/content`)
      .bearerToken(account.token)
      .json({ content_type: 'email', brief: 'Invite CFOs', provider: 'openai' })
      .then((response) => response)
    try {
      await within(15_000, hold.reached, 'the provider call')
      const other = await within(
        8_000,
        client
          .post('/v1/campaigns')
          .bearerToken(account.token)
          .json({ name: 'Written while the model thinks' }),
        'a write during the held call'
      )
      other.assertStatus(201)
      assert.deepEqual(await idleInTransaction(), [], 'no session idles in a transaction')
    } finally {
      hold.release()
    }
    const generated = await generating
    generated.assertStatus(201)
    assert.equal(generated.body().content, 'Join our cash forecasting webinar.')
    assert.equal(generated.body().metadata.provider, 'openai')
    const usage = await serviceRows(
      `select operation, provider, input_tokens, output_tokens from ai_usage_events
        where workspace_id = ? and purpose = 'campaigns.content'`,
      [account.personalWorkspaceId]
    )
    assert.deepEqual(usage, [
      { operation: 'text', provider: 'openai', input_tokens: 50, output_tokens: 12 },
    ])
    const pieces = await client
      .get(`/v1/campaigns/${campaign.id}/content`)
      .bearerToken(account.token)
    assert.deepEqual(
      pieces.body().data.map((piece: { id: string }) => piece.id),
      [generated.body().id]
    )
  })

  test('a provider failure after the release stores no piece and no usage', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'contentfail')
    await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: PROVIDER_KEY })
    const campaign = await createCampaign(client, account)
    const hold = (provider.hold = new ProviderHold())
    const failing = client
      .post(`/v1/campaigns/${campaign.id}/content`)
      .bearerToken(account.token)
      .json({ content_type: 'email', provider: 'openai' })
      .then((response) => response)
    await within(15_000, hold.reached, 'the provider call')
    hold.fail()
    const failed = await failing
    failed.assertStatus(502)
    assert.equal(failed.body().type, '/problems/ai-provider-error')
    const left = await serviceRows(
      `select (select count(*)::int from generated_content_pieces where campaign_id = ?) as pieces,
              (select count(*)::int from ai_usage_events where workspace_id = ?) as usage`,
      [campaign.id, account.personalWorkspaceId]
    )
    assert.deepEqual(left[0], { pieces: 0, usage: 0 })
    // The workspace is fine afterwards: the next call is answered and stored.
    const next = await client
      .post(`/v1/campaigns/${campaign.id}/content`)
      .bearerToken(account.token)
      .json({ content_type: 'email', provider: 'openai' })
    next.assertStatus(201)
  })
})
