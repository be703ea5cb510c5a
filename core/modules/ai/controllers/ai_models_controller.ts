import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, tenant, rawQuery, pageQueryValidator } from '#sdk'
import { defaultModelQueryValidator, modelsQueryValidator } from '../validators/ai_validator.js'
import { aiModelResource } from '../services/ai_model_resource.js'

/**
 * The global model registry (ai_model_configs): read-only to users, seeded by
 * migration and kept current by the monthly discovery job.
 */
export default class AiModelsController {
  async index({ request }: HttpContext) {
    const query = await modelsQueryValidator.validate(request.qs())
    const builder = aiModelResource.query()
    if (query.provider) builder.where('provider', query.provider)
    if (query.type) builder.where('model_type', query.type)
    if (query.active !== undefined) builder.where('is_active', query.active)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys: [
        { column: 'provider', cast: 'text' },
        { column: 'model_name', cast: 'text' },
      ],
      direction: 'asc',
    })
  }

  /** The seed's get_default_model(provider, type): 404 when the provider has none of that type. */
  async default({ request }: HttpContext) {
    const query = await defaultModelQueryValidator.validate(request.qs())
    const type = query.type ?? 'flagship'
    const result = await rawQuery(
      tenant().trx,
      'select model_name, capabilities, pricing, context_window from public.get_default_model(?, ?)',
      [query.provider, type]
    )
    const row = result.rows[0]
    if (!row) throw Problem.notFound('Default model')
    return { provider: query.provider, model_type: type, ...row }
  }

  /** Runs of the monthly discovery job, newest first (ai_model_update_logs). */
  async updateLogs({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(tenant().trx.from('ai_model_update_logs').select('*'), {
      ...query,
      keys: [
        { column: 'run_date', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }
}
