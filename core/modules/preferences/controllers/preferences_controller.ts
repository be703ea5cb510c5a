import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, tenant, pageQueryValidator, rawQuery } from '#sdk'
import { categoryParam, putPreferenceValidator } from '../validators/preference_validator.js'
import { preferenceResource } from '../services/preference_resource.js'

/**
 * The caller's own preferences in the current workspace, one document per
 * category. Nobody else (not even workspace owners) can read them: RLS scopes
 * the table to the user and workspace.
 */
export default class PreferencesController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    const { trx } = tenant()
    return keysetPage(preferenceResource.query(trx), {
      ...query,
      keys: [{ column: 'preference_category', cast: 'text' }],
      direction: 'asc',
    })
  }

  async show({ params }: HttpContext) {
    const { category } = await validCategory(params)
    const preference = await preferenceResource
      .query()
      .where('preference_category', category)
      .first()
    if (!preference) throw Problem.notFound('Preference')
    return preference
  }

  /** Creates or replaces the category's preferences (201 when created, 200 when replaced). */
  async update({ params, request, response }: HttpContext) {
    const { category } = await validCategory(params)
    const input = await request.validateUsing(putPreferenceValidator)
    const { trx, workspaceId, userId } = tenant()
    const result = await rawQuery(
      trx,
      `insert into user_preferences (workspace_id, user_id, preference_category, preference_data, interface_mode)
        values (?, ?, ?, ?::jsonb, coalesce(?, 'simple'))
        on conflict (workspace_id, user_id, preference_category) do update
          set preference_data = excluded.preference_data,
              interface_mode = coalesce(?, user_preferences.interface_mode)
        returning ${preferenceResource.sql()}, (xmax = 0) as inserted`,
      [
        workspaceId,
        userId,
        category,
        JSON.stringify(input.preference_data),
        input.interface_mode ?? null,
        input.interface_mode ?? null,
      ]
    )
    const { inserted, ...preference } = result.rows[0]
    response.status(inserted ? 201 : 200)
    return preference
  }

  async destroy({ params, response }: HttpContext) {
    const { category } = await validCategory(params)
    const { trx } = tenant()
    const deleted = await trx
      .from('user_preferences')
      .where('preference_category', category)
      .delete()
    if (!Number(deleted)) throw Problem.notFound('Preference')
    response.status(204)
  }
}

async function validCategory(params: Record<string, unknown>) {
  const [error, value] = await categoryParam.tryValidate({ category: params.category })
  if (error) throw Problem.notFound('Preference')
  return value
}
