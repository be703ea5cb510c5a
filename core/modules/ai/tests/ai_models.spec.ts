import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import AiDiscoverModels from '../commands/ai_discover_models.js'
import { aiConfig, enqueue, withService, type AiConfig } from '#sdk'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { startSeparateWorker, workerCrontab } from '#tests/helpers/worker'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import { FakeOpenAiServer } from '#tests/helpers/fake_openai_server'
import { FakeAnthropicServer } from '#tests/helpers/fake_anthropic_server'
import { FakeGeminiServer } from '#tests/helpers/fake_gemini_server'
import { FakeMistralServer } from '#tests/helpers/fake_mistral_server'

const SEEDED = 17

/** Puts the registry back as the migration seeded it. */
async function resetRegistry() {
  await db.rawQuery(`
    delete from ai_model_configs where metadata->>'source' = 'discovery';
    update ai_model_configs set is_active = true, last_validated_at = null;
    delete from ai_model_update_logs;
  `)
}

test.group('AI model registry', () => {
  test('lists the seeded models, read-only, and answers get_default_model', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'aimodels')
    const page = await client.get('/v1/ai/models').qs({ limit: 100 }).bearerToken(account.token)
    page.assertStatus(200)
    await assertMatchesSpec(page)
    const names = page.body().data.map((m: any) => `${m.provider}/${m.model_name}`)
    assert.includeMembers(names, [
      'openai/gpt-5',
      'openai/o4-mini',
      'anthropic/claude-sonnet-4.5',
      'anthropic/claude-haiku-4-5',
      'google/gemini-2.0-flash',
      'mistral/mistral-medium-latest',
    ])
    assert.lengthOf(names, SEEDED)
    const gpt5 = page.body().data.find((m: any) => m.model_name === 'gpt-5')
    assert.deepEqual(gpt5.pricing, {
      currency: 'USD',
      input_per_million: 1.25,
      output_per_million: 10,
    })

    const filtered = await client
      .get('/v1/ai/models')
      .qs({ provider: 'google', type: 'fast', limit: 1 })
      .bearerToken(account.token)
    assert.deepEqual(
      filtered.body().data.map((m: any) => m.model_name),
      ['gemini-2.5-flash']
    )
    const next = await client
      .get('/v1/ai/models')
      .qs({ provider: 'google', type: 'fast', limit: 1, cursor: filtered.body().next_cursor })
      .bearerToken(account.token)
    assert.deepEqual(
      next.body().data.map((m: any) => m.model_name),
      ['gemini-2.5-flash-lite']
    )

    const fast = await client
      .get('/v1/ai/models/default')
      .qs({ provider: 'openai', type: 'fast' })
      .bearerToken(account.token)
    fast.assertStatus(200)
    await assertMatchesSpec(fast)
    assert.equal(fast.body().model_name, 'gpt-5-mini')
    const flagship = await client
      .get('/v1/ai/models/default')
      .qs({ provider: 'anthropic' })
      .bearerToken(account.token)
    assert.equal(flagship.body().model_name, 'claude-sonnet-4.5')
    assert.equal(flagship.body().model_type, 'flagship')
    const none = await client
      .get('/v1/ai/models/default')
      .qs({ provider: 'mistral', type: 'legacy' })
      .bearerToken(account.token)
    none.assertStatus(404)
    const bad = await client
      .get('/v1/ai/models/default')
      .qs({ provider: 'local' })
      .bearerToken(account.token)
    bad.assertStatus(422)

    const sql = await db.rawQuery("select * from public.get_default_model('google', 'legacy')")
    assert.equal(sql.rows[0].model_name, 'gemini-2.0-flash')
  })

  test('runtime roles can read the registry but never write it', async ({ assert }) => {
    for (const role of ['app_authenticated', 'app_anon']) {
      const error = await db
        .transaction(async (trx) => {
          await trx.rawQuery(`select set_config('role', ?, true)`, [role])
          const count = await trx.rawQuery('select count(*)::int as n from ai_model_configs')
          assert.isAtLeast(count.rows[0].n, SEEDED)
          await trx.rawQuery(
            "update ai_model_configs set is_default = false where model_name = 'gpt-5'"
          )
        })
        .catch((e) => e)
      assert.match(error.message, /permission denied/)
    }
  })
})

test.group('AI model discovery job', (group) => {
  const openai = new FakeOpenAiServer('sk-openai-discovery-0123456789')
  const anthropic = new FakeAnthropicServer('sk-ant-right-key-0123456789')
  const google = new FakeGeminiServer('google-discovery-key-0123456789')
  const mistral = new FakeMistralServer('mistral-key-never-configured')
  let saved: AiConfig['providers']

  group.setup(async () => {
    await Promise.all([openai.start(), anthropic.start(), google.start(), mistral.start()])
    saved = structuredClone(aiConfig.providers)
    aiConfig.providers.openai = { ...saved.openai, baseUrl: openai.baseUrl, apiKey: openai.apiKey }
    // Anthropic is configured with a key the provider rejects: its listing fails.
    aiConfig.providers.anthropic = {
      ...saved.anthropic,
      baseUrl: anthropic.baseUrl,
      apiKey: 'sk-ant-revoked-key',
    }
    aiConfig.providers.google = { ...saved.google, baseUrl: google.baseUrl, apiKey: google.apiKey }
    aiConfig.providers.mistral = { ...saved.mistral, baseUrl: mistral.baseUrl, apiKey: undefined }
    // A worker of its own (the real task list and crontab), so the platform's
    // worker state, which /health/ready reports, is left alone.
    const stopWorker = await startSeparateWorker()
    return async () => {
      await stopWorker()
      aiConfig.providers = saved
      await Promise.all([openai, anthropic, google, mistral].map((fake) => fake.server.close()))
      await resetRegistry()
    }
  })

  test("is scheduled monthly in the worker's crontab", async ({ assert }) => {
    assert.include((await workerCrontab()).split('\n'), '0 4 1 * * core/ai_discover_models ?max=3')
  })

  test('lists each configured provider, upserts its models, deactivates unlisted ones and records the failing provider', async ({
    client,
    assert,
  }) => {
    await resetRegistry()
    const runs = () => db.from('ai_model_update_logs').orderBy('run_date', 'desc')
    const runOnce = async (expected: number) => {
      await withService(() => enqueue('core/ai_discover_models'))
      return waitFor(async () => {
        const rows = await runs()
        return rows.length === expected ? rows[0] : null
      })
    }

    const run = await runOnce(1)
    assert.equal(run.status, 'partial')
    assert.deepEqual(run.providers_checked, ['openai', 'anthropic', 'google'])
    assert.lengthOf(run.errors, 1)
    assert.equal(run.errors[0].provider, 'anthropic')
    assert.match(run.errors[0].message, /^HTTP 401: invalid x-api-key/)
    // openai: gpt-5, gpt-5-mini, gpt-4o-2024-08-06, o3 (not the embedding or audio models);
    // google: the three generateContent models over two pages.
    assert.equal(run.models_discovered, 7)
    assert.equal(run.models_added, 2)
    // openai: gpt-5-nano, gpt-4.1, gpt-4.1-mini, o4-mini; google: 2.5-flash-lite, 2.0-flash
    assert.equal(run.models_deprecated, 6)
    assert.isAbove(run.execution_time_ms, -1)

    const modelsCall = openai.server.last(/^\/v1\/models$/)!
    assert.equal(modelsCall.headers.authorization, `Bearer ${openai.apiKey}`)
    assert.deepEqual(
      google.server.requests.map((r) => [
        r.path,
        r.query.get('pageToken'),
        r.headers['x-goog-api-key'],
      ]),
      [
        ['/v1beta/models', null, google.apiKey],
        ['/v1beta/models', '2', google.apiKey],
      ]
    )
    assert.equal(anthropic.server.last()!.headers['x-api-key'], 'sk-ant-revoked-key')
    assert.equal(anthropic.server.last()!.headers['anthropic-version'], '2023-06-01')
    assert.lengthOf(mistral.server.requests, 0, 'a provider without a key is skipped')

    const account = await registerAccount(client, 'aidiscovery')
    const list = async (provider: string) =>
      (
        await client.get('/v1/ai/models').qs({ provider, limit: 100 }).bearerToken(account.token)
      ).body().data as any[]
    const openaiModels = Object.fromEntries((await list('openai')).map((m) => [m.model_name, m]))
    assert.equal(openaiModels['gpt-4o-2024-08-06'].model_type, 'legacy')
    assert.isTrue(openaiModels['gpt-4o-2024-08-06'].is_active)
    assert.equal(openaiModels['gpt-4o-2024-08-06'].metadata.source, 'discovery')
    assert.isTrue(openaiModels['gpt-5'].is_active)
    assert.isNotNull(openaiModels['gpt-5'].last_validated_at)
    assert.equal(openaiModels['gpt-5'].metadata.source, 'seed', 'seeded rows stay seeded')
    assert.isFalse(openaiModels['gpt-4.1'].is_active)
    assert.notProperty(openaiModels, 'text-embedding-3-small')
    const googleModels = Object.fromEntries((await list('google')).map((m) => [m.model_name, m]))
    assert.equal(googleModels['gemini-3-pro-preview'].context_window, 1048576)
    assert.equal(googleModels['gemini-3-pro-preview'].model_type, 'flagship')
    assert.isFalse(googleModels['gemini-2.0-flash'].is_active)
    // The failing provider's rows are untouched.
    assert.isTrue(
      (await list('anthropic')).every((m) => m.is_active && m.last_validated_at === null)
    )
    const legacy = await client
      .get('/v1/ai/models/default')
      .qs({ provider: 'openai', type: 'legacy' })
      .bearerToken(account.token)
    assert.equal(
      legacy.body().model_name,
      'gpt-4o-2024-08-06',
      'the default falls to an active model'
    )

    const logs = await client.get('/v1/ai/models/update-logs').bearerToken(account.token)
    logs.assertStatus(200)
    await assertMatchesSpec(logs)
    assert.equal(logs.body().data[0].status, 'partial')

    // A second run is idempotent; with the right key Anthropic succeeds and its dated ids match the seed.
    aiConfig.providers.anthropic.apiKey = anthropic.apiKey
    const second = await runOnce(2)
    assert.equal(second.status, 'success')
    assert.deepEqual(second.errors, [])
    assert.equal(second.models_added, 3, 'the three dated Anthropic ids')
    assert.equal(second.models_deprecated, 1, 'claude-sonnet-4 is no longer listed')
    const anthropicModels = Object.fromEntries(
      (await list('anthropic')).map((m) => [m.model_name, m])
    )
    assert.isTrue(anthropicModels['claude-sonnet-4.5'].is_active, 'matched through its api_id')
    assert.isFalse(anthropicModels['claude-sonnet-4'].is_active)
    const openaiAgain = await list('openai')
    assert.lengthOf(
      openaiAgain.filter((m) => m.model_name === 'gpt-4o-2024-08-06'),
      1
    )
  })

  test('a run where every configured provider fails is recorded as failed', async ({ assert }) => {
    aiConfig.providers.openai.apiKey = 'sk-wrong'
    aiConfig.providers.anthropic.apiKey = undefined
    aiConfig.providers.google.apiKey = undefined
    const before = await db.from('ai_model_update_logs').count('* as n')
    await withService(() => enqueue('core/ai_discover_models'))
    const run = await waitFor(async () => {
      const rows = await db.from('ai_model_update_logs').orderBy('run_date', 'desc')
      return rows.length > Number(before[0].n) ? rows[0] : null
    })
    assert.equal(run.status, 'failed')
    assert.deepEqual(run.providers_checked, ['openai'])
    assert.match(run.errors[0].message, /^HTTP 401: Incorrect API key provided/)
    assert.equal(run.models_deprecated, 0)
  })

  test('node ace ai:discover-models runs the same discovery now and reports it', async ({
    assert,
  }) => {
    aiConfig.providers.openai.apiKey = openai.apiKey
    aiConfig.providers.anthropic.apiKey = undefined
    aiConfig.providers.google.apiKey = undefined
    const before = openai.server.requests.length
    ace.ui.switchMode('raw')
    let exitCode: number | undefined
    let logs: string[] = []
    try {
      const command = await ace.create(AiDiscoverModels, [])
      await command.exec()
      exitCode = command.exitCode
      logs = ace.ui.logger.getLogs().map((log) => log.message)
    } finally {
      ace.ui.logger.flushLogs()
      ace.ui.switchMode('normal')
    }
    assert.equal(exitCode, 0)
    assert.lengthOf(openai.server.requests, before + 1)
    assert.isTrue(
      logs.some((line) => /success: checked openai; 4 listed, 0 added, 0 deactivated/.test(line)),
      logs.join('\n')
    )
    const [latest] = await db.from('ai_model_update_logs').orderBy('run_date', 'desc').limit(1)
    assert.equal(latest.status, 'success')
  })
})
