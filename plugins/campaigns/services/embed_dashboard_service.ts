import { Problem, rawQuery, tenant } from '#sdk'
import { campaignSummary, dailyTotals } from './metrics_service.js'

/**
 * What a widget may see of a campaign: its name, status and dates, never its
 * budgets, audience or settings. The embed role is granted these columns only
 * (migration 1795847111004), so the lookups below name them.
 */
const EMBED_COLUMNS = 'id, name, status, channel, start_date, end_date'

/** A campaign as the dashboard widget lists it. */
export interface EmbedCampaign {
  id: string
  name: string
  status: string
  channel: string | null
  start_date: Date | null
  end_date: Date | null
}

/** Most campaigns the widget's campaign picker lists. */
export const EMBED_CAMPAIGN_LIMIT = 200

/** The workspace's campaigns for the widget's picker: active first, then newest. */
export async function embedCampaigns(): Promise<EmbedCampaign[]> {
  const { trx } = tenant()
  const result = await rawQuery<EmbedCampaign>(
    trx,
    `select ${EMBED_COLUMNS} from campaigns
      order by (status = 'active') desc, created_at desc, id desc
      limit ?`,
    [EMBED_CAMPAIGN_LIMIT]
  )
  return result.rows
}

/** The UTC day `offset` days before `day` (YYYY-MM-DD). */
function daysBefore(day: string, offset: number) {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - offset)
  return date.toISOString().slice(0, 10)
}

/**
 * A campaign's KPIs over the `days` days ending on `to` (default today, UTC),
 * from the campaigns summary service, with the daily series of the base
 * metrics. An id of another workspace is not found (RLS hides its row).
 */
export async function embedCampaignDashboard(campaignId: string, days: number, to?: string) {
  const { trx } = tenant()
  const found = await rawQuery<EmbedCampaign>(
    trx,
    `select ${EMBED_COLUMNS} from campaigns where id = ?::uuid`,
    [campaignId]
  )
  const campaign = found.rows[0]
  if (!campaign) throw Problem.notFound('Campaign')
  const last = to ?? new Date().toISOString().slice(0, 10)
  const first = daysBefore(last, days - 1)
  const summary = await campaignSummary(campaign.id, first, last)
  const series = await dailyTotals(campaign.id, first, last)
  return { campaign, from: first, to: last, days, summary, series }
}
