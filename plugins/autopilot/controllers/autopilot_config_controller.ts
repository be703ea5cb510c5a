import type { HttpContext } from '@adonisjs/core/http'
import { requireCurrentRole } from '#sdk'
import { patchConfigValidator, putConfigValidator } from '../validators/autopilot_validator.js'
import { patchConfig, putConfig, requireConfig } from '../services/config_service.js'

/**
 * The workspace's autopilot configuration: read it, create or replace it,
 * change some fields (`is_active: false` is the kill switch, `dry_run: true`
 * records what would be done without doing it). Changing it needs the admin role.
 */
export default class AutopilotConfigController {
  /** The configuration, or 404 when the workspace has none. */
  async show() {
    return requireConfig()
  }

  /** Creates (201) or replaces (200) the configuration and queues its AI strategy. */
  async put({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(putConfigValidator)
    const { config, created } = await putConfig(input)
    response.status(created ? 201 : 200)
    return config
  }

  /** Updates some fields of the configuration. */
  async patch({ request }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(patchConfigValidator)
    return patchConfig(input)
  }
}
