import { test } from '@japa/runner'
import { aiConfig } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import type { FakeScript, ReceivedRequest } from '#tests/helpers/fake_http_server'
import type { ServerResponse } from 'node:http'

/** The OpenAI fake answering a queue of scripts, one per request, then its last one. */
class QueuedOpenAiServer extends FakeOpenAiServer {
  queue: FakeScript[] = []
  protected async handle(req: ReceivedRequest, res: ServerResponse) {
    const next = this.queue.shift()
    if (next) this.script = next
    return super.handle(req, res)
  }
}

const VALID = JSON.stringify({
  positioning_statement: 'For retailers, Acme forecasts demand.',
  company: 'Acme forecasts demand.',
  customer: 'Retailers.',
  competition: 'Spreadsheets.',
  differentiators: ['Forecasts per store'],
  brand_tone: { voice: 'Plain', attributes: ['clear'] },
  recommendations: ['Lead with email'],
})

test.group('Strategy: a remote provider answering malformed output', (group) => {
  const fake = new QueuedOpenAiServer('sk-strategy-test')
  let restore: () => void = () => {}
  group.setup(async () => {
    await fake.start()
    const saved = { ...aiConfig.providers.openai }
    const savedRetries = aiConfig.maxRetries
    aiConfig.providers.openai = { ...saved, baseUrl: fake.baseUrl, apiKey: fake.apiKey }
    aiConfig.maxRetries = 0
    restore = () => {
      aiConfig.providers.openai = saved
      aiConfig.maxRetries = savedRetries
    }
    return async () => {
      restore()
      await fake.server.close()
    }
  })

  test('positioning and copilot answer 502 ai-invalid-output and store nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'stratremote')
    // Valid JSON that breaks the schema (no statement, differentiators not a list).
    fake.script = {
      text: JSON.stringify({ company: 'Acme', differentiators: 'fast' }),
      inputTokens: 10,
      outputTokens: 5,
    }
    const positioning = await client
      .post('/v1/strategy/positioning')
      .bearerToken(account.token)
      .json({ product_name: 'Acme', provider: 'openai' })
    positioning.assertStatus(502)
    assert.equal(positioning.body().type.split('/').pop(), 'ai-invalid-output')
    // Not JSON at all.
    fake.script = { text: 'Sure! Here is your plan: ...', inputTokens: 10, outputTokens: 5 }
    const session = await client
      .post('/v1/strategy/copilot/sessions')
      .bearerToken(account.token)
      .json({ objective: 'Grow', provider: 'openai' })
    assert.equal(session.status(), 502)
    assert.deepEqual(
      (await client.get('/v1/strategy/positioning').bearerToken(account.token)).body().data,
      []
    )
    assert.deepEqual(
      (await client.get('/v1/strategy/copilot/sessions').bearerToken(account.token)).body().data,
      []
    )

    // A valid answer from the same provider is stored, with citations only from this workspace.
    fake.script = {
      text: JSON.stringify({
        positioning_statement: 'For retailers, Acme forecasts demand.',
        company: 'Acme forecasts demand.',
        customer: 'Retailers.',
        competition: 'Spreadsheets.',
        differentiators: ['Forecasts per store'],
        brand_tone: { voice: 'Plain', attributes: ['clear'] },
        recommendations: ['Lead with email'],
      }),
      inputTokens: 10,
      outputTokens: 5,
    }
    const ok = await client
      .post('/v1/strategy/positioning')
      .bearerToken(account.token)
      .json({ product_name: 'Acme', provider: 'openai' })
    ok.assertStatus(201)
    assert.equal(ok.body().positioning_statement, 'For retailers, Acme forecasts demand.')
    assert.equal(ok.body().input_data.provider, 'openai')
  })

  test('a malformed answer is asked again (AI_OBJECT_ATTEMPTS) before it fails', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'stratretry')
    const malformed = { text: 'not json', inputTokens: 10, outputTokens: 5 }
    fake.queue = [malformed, { text: VALID, inputTokens: 10, outputTokens: 5 }]
    const before = fake.server.requests.length
    const retried = await client
      .post('/v1/strategy/positioning')
      .bearerToken(account.token)
      .json({ product_name: 'Acme', provider: 'openai' })
    retried.assertStatus(201)
    assert.equal(fake.server.requests.length - before, 2)
    const savedAttempts = aiConfig.objectAttempts
    aiConfig.objectAttempts = 1
    try {
      fake.queue = [malformed, { text: VALID, inputTokens: 10, outputTokens: 5 }]
      const once = await client
        .post('/v1/strategy/positioning')
        .bearerToken(account.token)
        .json({ product_name: 'Acme', provider: 'openai' })
      once.assertStatus(502)
    } finally {
      aiConfig.objectAttempts = savedAttempts
      fake.queue = []
    }
    assert.lengthOf(
      (await client.get('/v1/strategy/positioning').bearerToken(account.token)).body().data,
      1
    )
  })
})
