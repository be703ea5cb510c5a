import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { aiConfig, aiGateway, AiGatewayError, cosineSimilarity, withTenant } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

const CONTEXT = [
  'Our spring sale runs from March 1 to March 15. Running shoes are 30% off during the sale.',
  'The loyalty programme gives members free shipping on every order. Members also get early access to new collections.',
  'Our headquarters are in Lyon. The support team answers e-mails within one business day.',
]

const usageRows = (workspaceId: string) =>
  db.from('ai_usage_events').where('workspace_id', workspaceId).orderBy('created_at', 'asc')

function asTenant<T>(account: TestAccount, fn: () => Promise<T>) {
  return withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, fn)
}

test.group('AI gateway: local provider', () => {
  test('answers from the context snippets that match the question, with citations, deterministically', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ailocal')
    const ask = () =>
      client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .json({
          purpose: 'chat',
          messages: [
            { role: 'user', content: 'How long does the spring sale on running shoes last?' },
          ],
          context: CONTEXT,
        })
    const response = await ask()
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.provider, 'local')
    assert.equal(body.model, 'local-extractive-1')
    assert.include(body.text, 'Our spring sale runs from March 1 to March 15. [1]')
    assert.include(body.text, 'Running shoes are 30% off during the sale. [1]')
    assert.notInclude(body.text, 'Lyon')
    assert.isNull(body.object)
    assert.isAbove(body.usage.input_tokens, 0)
    assert.isAbove(body.usage.output_tokens, 0)
    assert.equal(body.usage.cost_usd, 0)
    assert.equal((await ask()).body().text, body.text, 'same inputs, same answer')

    const other = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        messages: [
          {
            role: 'user',
            content: 'Where are the headquarters, and how fast does support answer e-mails?',
          },
        ],
        context: CONTEXT,
      })
    assert.include(other.body().text, 'Lyon')
    assert.notInclude(other.body().text, 'March')
  })

  test('says when the context does not cover the question, and summarises the conversation without context', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ailocal2')
    const uncovered = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        messages: [{ role: 'user', content: 'What about cryptocurrency payments?' }],
        context: CONTEXT,
      })
    uncovered.assertStatus(200)
    assert.match(uncovered.body().text, /^The provided context does not mention cryptocurrency/)

    const summary = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        messages: [
          {
            role: 'user',
            content:
              'We launch a newsletter for bakery owners in April. The newsletter covers sourdough recipes and pricing tips.',
          },
        ],
        max_output_tokens: 60,
      })
    summary.assertStatus(200)
    assert.match(summary.body().text, /^Summary: /)
    assert.include(summary.body().text, 'newsletter')
    assert.isAtMost(summary.body().text.length, 240)
  })

  test('works with no key and no network: no provider key is configured and fetch is never called', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ailocalnet')
    for (const settings of Object.values(aiConfig.providers)) assert.isUndefined(settings.apiKey)
    const originalFetch = globalThis.fetch
    const calls: string[] = []
    globalThis.fetch = (async (input: unknown) => {
      calls.push(String(input))
      throw new Error('network disabled for this test')
    }) as typeof fetch
    try {
      await asTenant(account, async () => {
        const text = await aiGateway.generateText({
          purpose: 'offline',
          messages: [{ role: 'user', content: 'Which members get free shipping?' }],
          context: CONTEXT,
        })
        assert.include(text.text, 'free shipping')
        const object = await aiGateway.generateObject<{ topic: string }>({
          purpose: 'offline',
          messages: [{ role: 'user', content: 'topic: loyalty' }],
          schema: {
            type: 'object',
            required: ['topic'],
            properties: { topic: { type: 'string' } },
          },
          schemaName: 'topic',
        })
        assert.deepEqual(object.object, { topic: 'loyalty' })
        const embedded = await aiGateway.embed({ purpose: 'offline', texts: ['free shipping'] })
        assert.lengthOf(embedded.embeddings[0], 1536)
        const deltas: string[] = []
        const streamed = await aiGateway.streamText(
          {
            purpose: 'offline',
            messages: [{ role: 'user', content: 'When is the sale?' }],
            context: CONTEXT,
          },
          (delta) => void deltas.push(delta)
        )
        assert.isAbove(deltas.length, 1)
        assert.equal(deltas.join(''), streamed.text)
      })
    } finally {
      globalThis.fetch = originalFetch
    }
    assert.deepEqual(calls, [])
    const rows = await usageRows(account.personalWorkspaceId)
    // One transaction: the four rows share created_at, so their order is not defined.
    assert.sameDeepMembers(
      rows.map((row) => [row.operation, row.provider, row.purpose, row.user_id]),
      [
        ['text', 'local', 'offline', account.id],
        ['object', 'local', 'offline', account.id],
        ['embed', 'local', 'offline', account.id],
        ['stream', 'local', 'offline', account.id],
      ]
    )
  })

  test('structured output is filled from the inputs and validates against the schema', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aiobject')
    const schema = {
      type: 'object',
      required: ['headline', 'channel', 'budget', 'audience', 'bullet_points', 'urgent', 'contact'],
      additionalProperties: false,
      properties: {
        headline: { type: 'string', maxLength: 60 },
        channel: { type: 'string', enum: ['email', 'social', 'search'] },
        budget: { type: 'integer', minimum: 0, maximum: 100000 },
        audience: { type: 'string' },
        bullet_points: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 },
        urgent: { type: 'boolean' },
        contact: { type: 'string', format: 'email' },
      },
    }
    const response = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        purpose: 'campaigns.content',
        messages: [
          {
            role: 'user',
            content:
              'Plan a social campaign for the spring sale.\naudience: runners in Lyon\nbudget: 2,500 euros\nurgent: yes\nQuestions go to marketing@shoes.example.',
          },
        ],
        context: CONTEXT,
        schema,
        schema_name: 'campaign_plan',
      })
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const object = response.body().object
    assert.equal(object.channel, 'social')
    assert.equal(object.budget, 2500)
    assert.equal(object.audience, 'runners in Lyon')
    assert.isTrue(object.urgent)
    assert.equal(object.contact, 'marketing@shoes.example')
    assert.isAtMost(object.headline.length, 60)
    assert.isAbove(object.headline.length, 0)
    assert.lengthOf(object.bullet_points, 3)
    assert.deepEqual(Object.keys(object).sort(), Object.keys(schema.properties).sort())
    assert.equal(response.body().text, JSON.stringify(object))
  })

  test('a schema the local provider cannot satisfy from the inputs is a 422 with per-field errors, and writes nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aiobjectbad')
    const response = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        messages: [{ role: 'user', content: 'Give me an order number.' }],
        schema: {
          type: 'object',
          required: ['order'],
          properties: { order: { type: 'string', pattern: '^ORD-[0-9]{6}$' } },
        },
      })
    response.assertStatus(422)
    assert.equal(response.header('content-type'), 'application/problem+json')
    assert.equal(response.body().type, '/problems/ai-schema-unsatisfiable')
    assert.equal(response.body().errors[0].field, 'order')
    assert.lengthOf(await usageRows(account.personalWorkspaceId), 0, 'the request rolled back')

    const badSchema = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({ messages: [{ role: 'user', content: 'x' }], schema: { type: 'no-such-type' } })
    badSchema.assertStatus(422)
    assert.equal(badSchema.body().errors[0].field, 'schema')

    // Schemas no value satisfies: the output fails validation, it does not crash.
    for (const schema of [
      { enum: [] },
      { anyOf: [] },
      { not: {} },
      { type: 'integer', minimum: 5, maximum: 1 },
    ]) {
      const unsatisfiable = await client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .json({ messages: [{ role: 'user', content: 'x' }], schema })
      unsatisfiable.assertStatus(422)
      assert.equal(unsatisfiable.body().type, '/problems/ai-schema-unsatisfiable')
    }
  })

  test('recursive schemas, combinators and unusual property names still give a valid object', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aiobjectodd')
    const response = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        messages: [{ role: 'user', content: 'The price($) is 42 for the starter plan.' }],
        schema: {
          type: 'object',
          required: ['price($)', 'node', 'choice', 'merged'],
          properties: {
            'price($)': { type: 'number' },
            'node': { $ref: '#/$defs/node' },
            'choice': { anyOf: [{ type: 'null' }, { type: 'string', minLength: 5 }] },
            'merged': {
              allOf: [
                { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
                { required: ['b'], properties: { b: { type: 'boolean' } } },
              ],
            },
          },
          $defs: {
            node: {
              type: 'object',
              required: ['label', 'children'],
              properties: {
                label: { type: 'string' },
                children: { type: 'array', items: { $ref: '#/$defs/node' } },
              },
            },
          },
        },
      })
    response.assertStatus(200)
    const object = response.body().object
    assert.equal(object['price($)'], 42)
    assert.isString(object.node.label)
    assert.isArray(object.node.children)
    assert.isAtLeast(object.choice.length, 5)
    assert.isString(object.merged.a)
    assert.isBoolean(object.merged.b)

    const badPattern = await client
      .post('/v1/ai/generate')
      .bearerToken(account.token)
      .json({
        messages: [{ role: 'user', content: 'x' }],
        schema: { type: 'object', properties: { a: { type: 'string', pattern: '([' } } },
      })
    badPattern.assertStatus(422)
    assert.equal(badPattern.body().errors[0].field, 'schema')
  })

  test('embeddings are 1536-dimension unit vectors where similar texts are closer than unrelated ones', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aiembed')
    const response = await client
      .post('/v1/ai/embeddings')
      .bearerToken(account.token)
      .json({
        purpose: 'knowledge.search',
        texts: [
          'Running shoes are discounted during the spring sale',
          'Spring sale: discounts on running shoes',
          'Our support team answers e-mails within one day',
          '',
        ],
      })
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const { embeddings, dimensions, model } = response.body()
    assert.equal(dimensions, 1536)
    assert.equal(model, 'local-hash-1536')
    const norm = Math.sqrt(embeddings[0].reduce((sum: number, v: number) => sum + v * v, 0))
    assert.approximately(norm, 1, 1e-9)
    const similar = cosineSimilarity(embeddings[0], embeddings[1])
    const unrelated = cosineSimilarity(embeddings[0], embeddings[2])
    assert.isAbove(similar, 0.5)
    assert.isBelow(Math.abs(unrelated), 0.2)
    assert.isTrue(
      embeddings[3].every((v: number) => v === 0),
      'an empty text is the zero vector'
    )
  })

  test('usage rows are written in the caller transaction: a rolled-back call leaves none', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aitrx')
    await assert.rejects(() =>
      asTenant(account, async () => {
        await aiGateway.generateText({
          purpose: 'chat',
          messages: [{ role: 'user', content: 'hello there' }],
        })
        throw new Error('abort the caller')
      })
    )
    assert.lengthOf(await usageRows(account.personalWorkspaceId), 0)
    await asTenant(account, () =>
      aiGateway.generateText({
        purpose: 'chat',
        messages: [{ role: 'user', content: 'hello there' }],
      })
    )
    assert.lengthOf(await usageRows(account.personalWorkspaceId), 1)
  })

  test('bad requests are clear 4xx problems: validation, unknown provider, local model, remote provider without key', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aibad')
    const post = (body: Record<string, unknown>) =>
      client.post('/v1/ai/generate').bearerToken(account.token).json(body)

    const empty = await post({ messages: [] })
    empty.assertStatus(422)
    assert.equal(empty.body().errors[0].field, 'messages')
    const provider = await post({ provider: 'nope', messages: [{ role: 'user', content: 'x' }] })
    provider.assertStatus(422)
    assert.equal(provider.body().errors[0].field, 'provider')
    const model = await post({ model: 'gpt-5', messages: [{ role: 'user', content: 'x' }] })
    model.assertStatus(422)
    assert.equal(model.body().errors[0].field, 'model')
    const noKey = await post({ provider: 'openai', messages: [{ role: 'user', content: 'x' }] })
    noKey.assertStatus(422)
    assert.equal(noKey.body().type, '/problems/ai-missing-key')
    assert.match(noKey.body().detail, /No API key for provider "openai"/)
    const anthropicEmbeddings = await client
      .post('/v1/ai/embeddings')
      .bearerToken(account.token)
      .json({ provider: 'anthropic', texts: ['x'] })
    anthropicEmbeddings.assertStatus(422)
    assert.equal(anthropicEmbeddings.body().type, '/problems/ai-unsupported')

    await asTenant(account, async () => {
      const error = await aiGateway
        .generateText({ purpose: 'Not A Label', messages: [{ role: 'user', content: 'x' }] })
        .catch((e) => e)
      assert.instanceOf(error, AiGatewayError)
      assert.equal(error.status, 422)
    })
    await assert.rejects(
      () => aiGateway.generateText({ purpose: 'chat', messages: [{ role: 'user', content: 'x' }] }),
      /outside a tenant transaction/
    )
    assert.lengthOf(await usageRows(account.personalWorkspaceId), 0)
  })

  test('a schema whose minimum sizes are huge is a 422, not an exhausted server', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aihuge')
    const post = (schema: Record<string, unknown>) =>
      client
        .post('/v1/ai/generate')
        .bearerToken(account.token)
        .json({ messages: [{ role: 'user', content: 'List things' }], schema })
    const huge = [
      { type: 'array', items: { type: 'string' }, minItems: 1_000_000_000 },
      { type: 'string', minLength: 1_000_000_000 },
      // Modest minimums that multiply through nesting.
      {
        type: 'array',
        minItems: 100,
        items: {
          type: 'array',
          minItems: 100,
          items: { type: 'array', minItems: 100, items: { type: 'integer' } },
        },
      },
    ]
    for (const schema of huge) {
      const response = await post({ type: 'object', required: ['a'], properties: { a: schema } })
      response.assertStatus(422)
      assert.equal(response.body().type, '/problems/ai-schema-too-large')
      assert.equal(response.body().errors[0].field, 'schema')
    }
    assert.lengthOf(await usageRows(account.personalWorkspaceId), 0)
    const fits = await post({
      type: 'object',
      required: ['tags'],
      properties: { tags: { type: 'array', items: { type: 'string' }, minItems: 50 } },
    })
    fits.assertStatus(200)
    assert.lengthOf(fits.body().object.tags, 50)
  })
})
