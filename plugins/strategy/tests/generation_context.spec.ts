import { test } from '@japa/runner'
import { aiConfig } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import { post } from './helpers.js'

test.group('Strategy: the active positioning grounds other generations', (group) => {
  const fake = new FakeOpenAiServer('sk-strategy-context')
  group.setup(async () => {
    await fake.start()
    const saved = { ...aiConfig.providers.openai }
    aiConfig.providers.openai = { ...saved, baseUrl: fake.baseUrl, apiKey: fake.apiKey }
    return async () => {
      aiConfig.providers.openai = saved
      await fake.server.close()
    }
  })

  /** What the provider received for the last chat completion, as one text. */
  const sent = () => JSON.stringify(fake.server.last(/chat\/completions/)?.body.messages ?? [])

  test('campaign content receives the active positioning; changing it changes the next brief', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'stratctx')
    const campaign = await post(client, account, '/v1/campaigns', { name: 'Context campaign' })
    const generate = async (provider?: string) =>
      post(client, account, `/v1/campaigns/${campaign.id}/content`, {
        content_type: 'ad_copy',
        brief: 'Announce the spring offer',
        ...(provider ? { provider } : {}),
      })

    await generate('openai')
    assert.notInclude(sent(), 'Brand positioning')

    const positioning = await post(client, account, '/v1/strategy/positioning', {
      product_name: 'Acme Forecast',
      description: 'Acme Forecast predicts store demand for grocers.',
    })
    await post(client, account, `/v1/strategy/positioning/${positioning.id}/activate`, {}, 200)
    await generate('openai')
    assert.include(sent(), `Brand positioning: ${positioning.positioning_statement}`)

    const statement =
      'For independent grocers, Acme Forecast is the demand planner that orders for you.'
    await client
      .patch(`/v1/strategy/positioning/${positioning.id}`)
      .bearerToken(account.token)
      .json({ positioning_statement: statement })
    await generate('openai')
    assert.include(sent(), `Brand positioning: ${statement}`)
    assert.notInclude(sent(), positioning.positioning_statement)

    // The offline provider writes from the same grounding.
    const local = await post(client, account, `/v1/campaigns/${campaign.id}/content`, {
      content_type: 'ad_copy',
      brief: 'Why independent grocers choose a demand planner',
    })
    assert.include(local.content, 'demand planner')

    // Another workspace's generations never see it.
    const other = await registerAccount(client, 'stratctx2')
    const otherCampaign = await post(client, other, '/v1/campaigns', { name: 'Other campaign' })
    await post(client, other, `/v1/campaigns/${otherCampaign.id}/content`, {
      content_type: 'ad_copy',
      brief: 'Hello',
      provider: 'openai',
    })
    assert.notInclude(sent(), 'Brand positioning')
  })
})
