import router from '@adonisjs/core/services/router'
import { uuidParams } from '#sdk'
import { embedCampaignDashboard, embedCampaignList } from '../openapi/campaign_schemas.js'
import { embedSummaryQueryValidator } from '../validators/embed_dashboard_validator.js'

const EmbedCampaignsController = () => import('../controllers/embed_campaigns_controller.js')

const tag = 'Campaigns'
/** Capability an embed key needs for the dashboard routes (declared in plugin.ts). */
const capability = 'campaigns:metrics'
/** End-user scope the host's session token must grant (declared in plugin.ts). */
const sessionScope = 'campaigns:read'

/**
 * Routes of `<aip-campaign-dashboard>`: read-only campaign KPIs for a
 * vendor's logged-in users. Declared `auth: 'embed'` with a required session:
 * the core puts the embed key middleware (origin, capability, rate limit, the
 * end-user session token and its scope) in front of them.
 */
export function registerEmbedCampaignRoutes() {
  router.get('/embed/campaigns', [EmbedCampaignsController, 'index']).openapi({
    operationId: 'campaigns.embed_campaigns.list',
    summary: "The workspace's campaigns for the dashboard widget (name, status, dates)",
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope,
    responses: { 200: { description: 'Campaigns, active first', schema: embedCampaignList } },
  })
  router.get('/embed/campaigns/:id/summary', [EmbedCampaignsController, 'summary']).openapi({
    operationId: 'campaigns.embed_campaigns.summary',
    summary: 'KPIs and the daily series of a campaign over the last days, for the dashboard widget',
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope,
    params: uuidParams(),
    query: embedSummaryQueryValidator,
    responses: { 200: { description: 'KPIs and daily series', schema: embedCampaignDashboard } },
  })
}
