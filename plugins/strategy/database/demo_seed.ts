import { createPositioning, activatePositioning } from '../services/positioning_service.js'
import { createFunnel } from '../services/funnel_service.js'
import { createKpiFramework } from '../services/kpi_framework_service.js'

/**
 * Demo data of the strategy plugin, from the demo workspace's own campaigns
 * and leads (seeded before it): an active positioning, a funnel and an AARRR
 * KPI framework. Runs once, inside the demo workspace's tenant transaction.
 */
export default async function seedStrategy() {
  const positioning = await createPositioning({
    product_name: 'Action Insight Pilot',
    description:
      'An embeddable AI marketing platform that plans campaigns, captures leads and measures what works.',
    competitors: ['spreadsheets and point tools'],
    provider: 'local',
  })
  await activatePositioning(positioning.id)
  await createFunnel({ business_type: 'B2B SaaS' })
  await createKpiFramework({
    campaign_name: 'Demo growth',
    channels: ['email', 'linkedin'],
    preset: 'aarrr',
  })
}
