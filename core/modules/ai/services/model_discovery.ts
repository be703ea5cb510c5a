import { aiConfig, REMOTE_PROVIDERS, type RemoteProvider, withService, rawQuery } from '#sdk'
import { classifyModel, listProviderModels, type ListedModel } from './provider_model_lists.js'

/** Outcome of one discovery run (also written to ai_model_update_logs). */
export interface DiscoveryRun {
  status: 'success' | 'partial' | 'failed'
  providersChecked: RemoteProvider[]
  modelsDiscovered: number
  modelsAdded: number
  modelsDeprecated: number
  errors: Array<{ provider: string; message: string }>
  executionTimeMs: number
}

/** Whether a registry row is one of the listed ids (exactly, or as a dated snapshot of its API id). */
function isListed(row: { model_name: string; api_id: string | null }, listed: Set<string>) {
  for (const id of [row.model_name, row.api_id].filter(Boolean) as string[]) {
    if (listed.has(id)) return true
    for (const name of listed)
      if (
        name.startsWith(`${id}-`) &&
        /^\d{8}$|^\d{4}-\d{2}-\d{2}$|^\d{3}$/.test(name.slice(id.length + 1))
      )
        return true
  }
  return false
}

/**
 * The monthly model discovery: lists each remote provider's models through its
 * list-models endpoint with the platform key (providers without a key are
 * skipped), upserts them into ai_model_configs (new models inactive-free,
 * typed from their name, unpriced), marks seeded or earlier models the
 * provider no longer lists as inactive, and records the run with its errors
 * in ai_model_update_logs. A failing provider changes nothing of its own rows.
 * The HTTP calls happen before the database transaction, which stays short.
 */
export async function discoverModels(): Promise<DiscoveryRun> {
  const started = Date.now()
  const checked: RemoteProvider[] = []
  const found = new Map<RemoteProvider, ListedModel[]>()
  const errors: DiscoveryRun['errors'] = []
  for (const provider of REMOTE_PROVIDERS) {
    const settings = aiConfig.providers[provider]
    if (!settings.apiKey) continue
    checked.push(provider)
    try {
      found.set(
        provider,
        await listProviderModels(provider, {
          apiKey: settings.apiKey,
          baseUrl: settings.baseUrl,
          timeoutMs: aiConfig.timeoutMs,
        })
      )
    } catch (error) {
      errors.push({ provider, message: (error as Error).message.slice(0, 500) })
    }
  }

  return withService(async ({ trx }) => {
    let discovered = 0
    let added = 0
    let deprecated = 0
    for (const [provider, models] of found) {
      discovered += models.length
      for (const model of models) {
        const result = await rawQuery(
          trx,
          `insert into ai_model_configs
             (provider, model_name, model_type, capabilities, max_tokens, context_window, metadata, last_validated_at)
           values (?, ?, ?, '{"text": true, "streaming": true, "structured_output": true}'::jsonb, ?, ?, ?::jsonb, now())
           on conflict (provider, model_name) do update
             set is_active = true,
                 last_validated_at = now(),
                 max_tokens = coalesce(excluded.max_tokens, ai_model_configs.max_tokens),
                 context_window = coalesce(excluded.context_window, ai_model_configs.context_window),
                 metadata = ai_model_configs.metadata || (excluded.metadata - 'source')
           returning (xmax = 0) as inserted`,
          [
            provider,
            model.name,
            classifyModel(model.name),
            model.maxTokens,
            model.contextWindow,
            JSON.stringify({ ...model.metadata, source: 'discovery' }),
          ]
        )
        if (result.rows[0]?.inserted) added++
      }
      const listed = new Set(models.map((model) => model.name))
      const existing = await rawQuery(
        trx,
        `select id, model_name, metadata->>'api_id' as api_id from ai_model_configs
          where provider = ? and is_active`,
        [provider]
      )
      const gone = existing.rows.filter((row) => !isListed(row, listed)).map((row) => row.id)
      const kept = existing.rows.filter((row) => isListed(row, listed)).map((row) => row.id)
      if (kept.length) {
        await rawQuery(
          trx,
          'update ai_model_configs set last_validated_at = now() where id = any(?::uuid[])',
          [kept]
        )
      }
      if (gone.length) {
        await rawQuery(
          trx,
          'update ai_model_configs set is_active = false where id = any(?::uuid[])',
          [gone]
        )
        deprecated += gone.length
      }
    }
    const status: DiscoveryRun['status'] =
      errors.length === 0 ? 'success' : errors.length < checked.length ? 'partial' : 'failed'
    const run: DiscoveryRun = {
      status,
      providersChecked: checked,
      modelsDiscovered: discovered,
      modelsAdded: added,
      modelsDeprecated: deprecated,
      errors,
      executionTimeMs: Date.now() - started,
    }
    await rawQuery(
      trx,
      `insert into ai_model_update_logs
         (models_discovered, models_added, models_deprecated, providers_checked, errors, execution_time_ms, status)
       values (?, ?, ?, ?::text[], ?::jsonb, ?, ?)`,
      [discovered, added, deprecated, checked, JSON.stringify(errors), run.executionTimeMs, status]
    )
    return run
  })
}
