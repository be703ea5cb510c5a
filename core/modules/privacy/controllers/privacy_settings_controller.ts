import type { HttpContext } from '@adonisjs/core/http'
import { tenant, rawQuery } from '#sdk'
import { privacySettingsResource } from '../services/privacy_settings_resource.js'
import { auditPrivacyAction } from '../services/privacy_requests.js'
import { putPrivacySettingsValidator } from '../validators/privacy_validator.js'

const CONSENTS = [
  'data_processing_consent',
  'marketing_consent',
  'analytics_consent',
  'third_party_consent',
  'data_retention_days',
] as const

/**
 * The caller's consent and retention settings in the current workspace (seed
 * table user_privacy_settings, one row per user and workspace). Unsaved
 * settings read as the seed's defaults: no consent, 730 days of retention.
 */
export default class PrivacySettingsController {
  async show() {
    const { trx, workspaceId, userId } = tenant()
    const row = await privacySettingsResource.query(trx).first()
    return (
      row ?? {
        id: null,
        workspace_id: workspaceId,
        user_id: userId,
        data_processing_consent: false,
        marketing_consent: false,
        analytics_consent: false,
        third_party_consent: false,
        data_retention_days: 730,
        right_to_be_deleted_requested: false,
        created_at: null,
        updated_at: null,
      }
    )
  }

  /** Partial update: fields left out keep their value; every change is audited. */
  async update({ request }: HttpContext) {
    const input = await request.validateUsing(putPrivacySettingsValidator)
    const { trx, workspaceId, userId } = tenant()
    const given = CONSENTS.filter((field) => input[field] !== undefined)
    const values = given.map((field) => input[field] ?? null)
    const result = await rawQuery(
      trx,
      `insert into user_privacy_settings (workspace_id, user_id${given.map((field) => `, ${field}`).join('')})
        values (?, ?${given.map(() => ', ?').join('')})
        on conflict (workspace_id, user_id) do update set
          ${given.length ? given.map((field) => `${field} = excluded.${field}`).join(', ') : 'user_id = excluded.user_id'}
        returning ${privacySettingsResource.sql()}`,
      [workspaceId, userId, ...values]
    )
    await auditPrivacyAction(
      request,
      'settings.updated',
      Object.fromEntries(given.map((field) => [field, input[field] ?? null]))
    )
    return result.rows[0]
  }
}
