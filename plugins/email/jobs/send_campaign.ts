import { tenantJob } from '#sdk'
import { prepareCampaign } from '../services/campaign_service.js'

/**
 * Task `email/send_campaign`: writes the campaign's send ledger from its
 * segment and enqueues the sending jobs, in one transaction (no SMTP here).
 */
export default tenantJob<{ campaign_id: string }>(async (payload) => {
  await prepareCampaign(payload.campaign_id)
})
