import type { HttpContext } from '@adonisjs/core/http'
import { idParam } from '#sdk'
import { embedCampaignDashboard, embedCampaigns } from '../services/embed_dashboard_service.js'
import { embedSummaryQueryValidator } from '../validators/embed_dashboard_validator.js'

/** Default range of the dashboard, in days. */
const DEFAULT_DAYS = 30

/**
 * Read-only campaign data for `<aip-campaign-dashboard>` on a vendor's site
 * (embed key with `campaigns:metrics`, a signed end-user session with the
 * `campaigns:read` scope; runs in the key's workspace).
 */
export default class EmbedCampaignsController {
  /** The workspace's campaigns for the campaign picker. */
  async index() {
    return { data: await embedCampaigns() }
  }

  /** KPIs and the daily series of one campaign over a range of days. */
  async summary({ params, request }: HttpContext) {
    const id = idParam(params, 'Campaign')
    const query = await embedSummaryQueryValidator.validate(request.qs())
    return embedCampaignDashboard(id, query.days ?? DEFAULT_DAYS, query.to)
  }
}
