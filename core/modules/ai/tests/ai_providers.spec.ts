import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { aiConfig, aiGateway, withTenant } from '#sdk'
import { type RemoteProvider, type RemoteProviderSettings } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import {
  fakeVector,
  type FakeHttpServer,
  type FakeScript,
  type ReceivedRequest,
} from '#tests/helpers/fake_http_server'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import { FakeAnthropicServer } from '#tests/helpers/fake_anthropic_server'
import { FakeGeminiServer } from '#tests/helpers/fake_gemini_server'
import { FakeMistralServer } from '#tests/helpers/fake_mistral_server'

/** A provider fake as the tests drive it. */
interface Fake {
  server: FakeHttpServer
  script: FakeScript
  baseUrl: string
  apiKey: string
  start(): Promise<unknown>
}

/** How each provider's wire format carries what the tests check. */
interface ProviderCase {
  provider: RemoteProvider
  create: (key: string) => Fake
  /** Seed model used by default, and the id its API receives. */
  defaultModel: string
  apiModel: string
  textPath: RegExp
  streamPath: RegExp
  embedPath?: RegExp
  embedDimensions?: number
  /** Where the request carries the key. */
  keyOf: (request: ReceivedRequest) => unknown
  systemOf: (request: ReceivedRequest) => string
  modelOf: (request: ReceivedRequest) => string
  /** Whether a request asked for streaming in the provider's own way. */
  isStream: (request: ReceivedRequest) => boolean
  /** The JSON Schema the provider received for structured output. */
  schemaOf: (request: ReceivedRequest) => unknown
}

const bearer = (request: ReceivedRequest) => request.headers.authorization
/** OpenAI sends reasoning models (gpt-5, o3) the system prompt as a `developer` message. */
const openAiStyleSystem = (request: ReceivedRequest) =>
  request.body.messages.find((m: any) => m.role === 'system' || m.role === 'developer')?.content ??
  ''

const CASES: ProviderCase[] = [
  {
    provider: 'openai',
    create: (key) => new FakeOpenAiServer(key),
    defaultModel: 'gpt-5',
    apiModel: 'gpt-5',
    textPath: /^\/v1\/chat\/completions$/,
    streamPath: /^\/v1\/chat\/completions$/,
    embedPath: /^\/v1\/embeddings$/,
    embedDimensions: 1536,
    keyOf: (request) => bearer(request),
    systemOf: openAiStyleSystem,
    modelOf: (request) => request.body.model,
    isStream: (request) =>
      request.body.stream === true && request.body.stream_options?.include_usage === true,
    schemaOf: (request) => request.body.response_format?.json_schema?.schema,
  },
  {
    provider: 'anthropic',
    create: (key) => new FakeAnthropicServer(key),
    defaultModel: 'claude-sonnet-4.5',
    apiModel: 'claude-sonnet-4-5',
    textPath: /^\/v1\/messages$/,
    streamPath: /^\/v1\/messages$/,
    keyOf: (request) => `Bearer ${request.headers['x-api-key']}`,
    systemOf: (request) =>
      typeof request.body.system === 'string'
        ? request.body.system
        : (request.body.system ?? []).map((part: any) => part.text).join('\n'),
    modelOf: (request) => request.body.model,
    isStream: (request) => request.body.stream === true,
    schemaOf: (request) =>
      request.body.output_format?.schema ??
      request.body.output_config?.format?.schema ??
      request.body.tools?.find((tool: any) => tool.name === request.body.tool_choice?.name)
        ?.input_schema,
  },
  {
    provider: 'google',
    create: (key) => new FakeGeminiServer(key),
    defaultModel: 'gemini-2.5-pro',
    apiModel: 'gemini-2.5-pro',
    textPath: /^\/v1beta\/models\/gemini-2\.5-pro:generateContent$/,
    streamPath: /^\/v1beta\/models\/gemini-2\.5-pro:streamGenerateContent$/,
    embedPath: /^\/v1beta\/models\/gemini-embedding-001:(batchEmbedContents|embedContent)$/,
    embedDimensions: 1536,
    keyOf: (request) => `Bearer ${request.headers['x-goog-api-key']}`,
    systemOf: (request) =>
      (request.body.systemInstruction?.parts ?? []).map((p: any) => p.text).join('\n'),
    modelOf: (request) => /models\/([^:]+):/.exec(request.path)![1],
    isStream: (request) =>
      request.path.endsWith(':streamGenerateContent') && request.query.get('alt') === 'sse',
    schemaOf: (request) =>
      request.body.generationConfig?.responseJsonSchema ??
      request.body.generationConfig?.responseSchema,
  },
  {
    provider: 'mistral',
    create: (key) => new FakeMistralServer(key),
    defaultModel: 'mistral-large-latest',
    apiModel: 'mistral-large-latest',
    textPath: /^\/v1\/chat\/completions$/,
    streamPath: /^\/v1\/chat\/completions$/,
    embedPath: /^\/v1\/embeddings$/,
    embedDimensions: 1024,
    keyOf: (request) => bearer(request),
    systemOf: openAiStyleSystem,
    modelOf: (request) => request.body.model,
    isStream: (request) => request.body.stream === true,
    schemaOf: (request) =>
      request.body.response_format?.json_schema?.schema ?? request.body.response_format,
  },
]

const usageRows = (workspaceId: string) =>
  db.from('ai_usage_events').where('workspace_id', workspaceId).orderBy('created_at', 'asc')

async function priceOf(provider: string, model: string) {
  const row = await db.from('ai_model_configs').where({ provider, model_name: model }).firstOrFail()
  return row.pricing as { input_per_million: number; output_per_million: number }
}

const OBJECT_SCHEMA = {
  type: 'object',
  required: ['title', 'score'],
  additionalProperties: false,
  properties: { title: { type: 'string' }, score: { type: 'integer', minimum: 1, maximum: 5 } },
}

for (const spec of CASES) {
  test.group(`AI gateway: ${spec.provider} provider against a local fake`, (group) => {
    const key = `${spec.provider}-platform-key-0123456789`
    const fake = spec.create(key)
    let saved: RemoteProviderSettings
    let savedRetries: number

    group.setup(async () => {
      await fake.start()
      saved = { ...aiConfig.providers[spec.provider] }
      savedRetries = aiConfig.maxRetries
      aiConfig.providers[spec.provider] = { ...saved, baseUrl: fake.baseUrl, apiKey: key }
      aiConfig.maxRetries = 0
      return async () => {
        aiConfig.providers[spec.provider] = saved
        aiConfig.maxRetries = savedRetries
        await fake.server.close()
      }
    })
    group.each.setup(() => {
      fake.script = {
        text: `Reply from the ${spec.provider} fake.`,
        inputTokens: 1200,
        outputTokens: 300,
      }
    })

    test('text goes to the configured base URL with the key and is metered at the model price', async ({
      client,
      assert,
    }) => {
      const account = await registerAccount(client, `ai${spec.provider}`)
      const before = fake.server.requests.length
      const response = await client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .json({
          provider: spec.provider,
          purpose: 'campaigns.content',
          system: 'Answer in one sentence.',
          messages: [{ role: 'user', content: 'What is on sale?' }],
          context: ['Running shoes are 30% off.'],
          max_output_tokens: 200,
        })
      response.assertStatus(200)
      await assertMatchesSpec(response)
      assert.equal(response.body().text, `Reply from the ${spec.provider} fake.`)
      assert.equal(response.body().provider, spec.provider)
      assert.equal(response.body().model, spec.defaultModel)

      assert.lengthOf(fake.server.requests, before + 1)
      const received = fake.server.last()!
      assert.match(received.path, spec.textPath)
      assert.equal(spec.keyOf(received), `Bearer ${key}`)
      assert.equal(spec.modelOf(received), spec.apiModel)
      assert.include(spec.systemOf(received), 'Answer in one sentence.')
      assert.include(spec.systemOf(received), '[1] Running shoes are 30% off.')
      assert.include(JSON.stringify(received.body), 'What is on sale?')

      const price = await priceOf(spec.provider, spec.defaultModel)
      const cost = (1200 * price.input_per_million + 300 * price.output_per_million) / 1e6
      assert.deepEqual(response.body().usage, {
        input_tokens: 1200,
        output_tokens: 300,
        cost_usd: cost,
      })
      const [row] = await usageRows(account.personalWorkspaceId)
      assert.equal(row.provider, spec.provider)
      assert.equal(row.model, spec.defaultModel)
      assert.equal(row.purpose, 'campaigns.content')
      assert.equal(Number(row.cost_usd), cost)
    })

    test("streaming relays the provider's SSE deltas in order and meters the stream", async ({
      client,
      assert,
    }) => {
      const account = await registerAccount(client, `ai${spec.provider}stream`)
      fake.script.text = 'Spring sale: thirty percent off running shoes, this week only.'
      const pieces: string[] = []
      const result = await withTenant(
        { userId: account.id, workspaceId: account.personalWorkspaceId },
        () =>
          aiGateway.streamText(
            {
              provider: spec.provider,
              purpose: 'chat',
              messages: [{ role: 'user', content: 'Stream it' }],
            },
            (delta) => void pieces.push(delta)
          )
      )
      assert.isAbove(pieces.length, 3)
      assert.equal(pieces.join(''), fake.script.text)
      assert.equal(result.text, fake.script.text)
      assert.isTrue(spec.isStream(fake.server.last()!))
      assert.match(fake.server.last()!.path, spec.streamPath)
      assert.equal(result.usage.inputTokens, 1200)
      assert.equal(result.usage.outputTokens, 300)
      const [row] = await usageRows(account.personalWorkspaceId)
      assert.equal(row.operation, 'stream')
      assert.equal(row.output_tokens, 300)
    })

    test('structured output is sent with the schema and validated: invalid output is a 502', async ({
      client,
      assert,
    }) => {
      const account = await registerAccount(client, `ai${spec.provider}object`)
      const ask = () =>
        client
          .post('/v1/ai/generate')
          .bearerToken(account.token)
          .json({
            provider: spec.provider,
            messages: [{ role: 'user', content: 'Rate the campaign' }],
            schema: OBJECT_SCHEMA,
            schema_name: 'rating',
          })
      fake.script.text = JSON.stringify({ title: 'Spring sale', score: 4 })
      const valid = await ask()
      valid.assertStatus(200)
      assert.deepEqual(valid.body().object, { title: 'Spring sale', score: 4 })
      const sentSchema = spec.schemaOf(fake.server.last()!) as Record<string, any>
      assert.isDefined(sentSchema, 'the provider received the schema')
      assert.include(JSON.stringify(sentSchema), '"score"')

      fake.script.text = JSON.stringify({ title: 'Spring sale', score: 9, extra: true })
      const invalid = await ask()
      invalid.assertStatus(502)
      assert.equal(invalid.body().type, '/problems/ai-invalid-output')
      assert.sameMembers(
        invalid.body().errors.map((error: any) => error.field),
        ['score', '(root)']
      )
      assert.lengthOf(
        await usageRows(account.personalWorkspaceId),
        1,
        'the failed request rolled back'
      )
    })

    if (spec.embedPath) {
      test('embeddings come from the provider with the configured model', async ({
        client,
        assert,
      }) => {
        const account = await registerAccount(client, `ai${spec.provider}embed`)
        const texts = ['spring sale', 'running shoes at thirty percent off']
        const response = await client
          .post('/v1/ai/embeddings')
          .bearerToken(account.token)
          .json({ provider: spec.provider, texts, purpose: 'knowledge.index' })
        response.assertStatus(200)
        const received = fake.server.last()!
        assert.match(received.path, spec.embedPath!)
        assert.equal(spec.keyOf(received), `Bearer ${key}`)
        assert.include(JSON.stringify(received.body), 'running shoes at thirty percent off')
        assert.equal(response.body().dimensions, spec.embedDimensions)
        assert.deepEqual(
          response.body().embeddings,
          texts.map((t) => fakeVector(t, spec.embedDimensions!))
        )
        assert.equal(response.body().model, aiConfig.providers[spec.provider].embeddingModel)
        const [row] = await usageRows(account.personalWorkspaceId)
        assert.equal(row.operation, 'embed')
      })
    } else {
      test('has no embeddings: a clear 422', async ({ client, assert }) => {
        const account = await registerAccount(client, `ai${spec.provider}noembed`)
        const before = fake.server.requests.length
        const response = await client
          .post('/v1/ai/embeddings')
          .bearerToken(account.token)
          .json({ provider: spec.provider, texts: ['x'] })
        response.assertStatus(422)
        assert.equal(response.body().type, '/problems/ai-unsupported')
        assert.lengthOf(fake.server.requests, before)
      })
    }

    test('provider failures are 502 problems and meter nothing', async ({ client, assert }) => {
      const account = await registerAccount(client, `ai${spec.provider}fail`)
      fake.script.failStatus = 503
      const response = await client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .json({ provider: spec.provider, messages: [{ role: 'user', content: 'Hello' }] })
      response.assertStatus(502)
      assert.equal(response.body().type, '/problems/ai-provider-error')
      assert.equal(response.body().detail, `Provider "${spec.provider}" failed with HTTP 503`)
      assert.lengthOf(await usageRows(account.personalWorkspaceId), 0)
    })

    test("a user's own key from the vault is used before the platform key", async ({
      client,
      assert,
    }) => {
      const owner = await registerAccount(client, `ai${spec.provider}byok`)
      const other = await registerAccount(client, `ai${spec.provider}env`)
      const ownKey = `${spec.provider}-user-own-key-9876543210`
      const stored = await client
        .put(`/v1/secrets/${spec.provider}`)
        .bearerToken(owner.token)
        .json({ value: ownKey })
      stored.assertStatus(201)
      const ask = (account: TestAccount) =>
        client
          .post('/v1/ai/generate')
          .bearerToken(account.token)
          .json({
            provider: spec.provider,
            purpose: 'chat',
            messages: [{ role: 'user', content: 'Hi' }],
          })

      // The fake accepts only the user's key now.
      const platformKey = (fake as { apiKey: string }).apiKey
      Object.assign(fake, { apiKey: ownKey })
      try {
        ;(await ask(owner)).assertStatus(200)
        assert.equal(spec.keyOf(fake.server.last()!), `Bearer ${ownKey}`)
        const rejected = await ask(other)
        rejected.assertStatus(502)
        assert.equal(
          rejected.body().detail,
          `Provider "${spec.provider}" failed with HTTP ${spec.provider === 'google' ? 400 : 401}`
        )
        assert.equal(
          spec.keyOf(fake.server.last()!),
          `Bearer ${key}`,
          'without a stored key: the platform key'
        )
      } finally {
        Object.assign(fake, { apiKey: platformKey })
      }
      const audit = await client
        .get('/v1/secrets/audit')
        .qs({ service_name: spec.provider, operation: 'reveal' })
        .bearerToken(owner.token)
      audit.assertStatus(200)
      assert.equal(audit.body().data[0].purpose, 'ai:chat')
    })
  })
}

test.group('AI gateway: remote provider without any key', () => {
  test('answers 422 naming the provider and sends nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'ainokey')
    for (const provider of ['openai', 'anthropic', 'google', 'mistral']) {
      const response = await client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .json({ provider, messages: [{ role: 'user', content: 'Hi' }] })
      response.assertStatus(422)
      assert.equal(response.body().type, '/problems/ai-missing-key')
      assert.include(response.body().detail, `"${provider}"`)
    }
  })
})
