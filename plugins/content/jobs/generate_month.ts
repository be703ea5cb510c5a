import type { Task } from 'graphile-worker'
import { aiGateway, jobTenantIdentity, withTenant } from '#sdk'
import { campaignsForPlanning, findCampaign } from '#plugins/campaigns/services/index'
import { activeBrandKit } from '../services/brand_kit_service.js'
import { createEntry } from '../services/calendar_service.js'
import {
  planSlots,
  planTopics,
  SLOT_SCHEMA,
  slotPrompt,
  type MonthBrief,
  type PlanSlot,
} from '../services/month_plan.js'
import { resolveRange } from '../services/recurrence.js'

const TASK = 'content/generate_month'

/** The payload of a generation: its id and the validated brief. */
type Payload = MonthBrief & { generation_id: string }

/**
 * `content/generate_month`: drafts a month of calendar entries from a brief,
 * grounded in the workspace's campaigns and brand voice. Read, commit, call,
 * write: the campaigns are read in one transaction, each slot's text comes
 * from the AI gateway in a short transaction of its own (the gateway meters
 * the call there; nothing is locked while a remote provider answers), and the
 * drafts are written in a last transaction that first checks the generation
 * has not been written already (a retried job writes nothing twice).
 */
const task: Task = async (payload, helpers) => {
  const job = payload as Payload
  const identity = jobTenantIdentity(payload as Record<string, unknown>, TASK)
  const zone = job.time_zone ?? 'UTC'
  const { from, to } = resolveRange({ month: job.month }, zone)

  const { campaigns, kit, done } = await withTenant(identity, async ({ trx }) => {
    const written = await trx
      .from('content_calendar')
      .whereRaw(`metadata->>'generation_id' = ?`, [job.generation_id])
      .first()
    const chosen = job.campaign_id
      ? [await findCampaign(job.campaign_id).catch(() => null)].filter((row) => row !== null)
      : await campaignsForPlanning(from, to)
    return { campaigns: chosen, kit: await activeBrandKit(), done: Boolean(written) }
  })
  if (done) return

  const slots = planSlots(job, campaigns, planTopics(job.brief, campaigns))
  const drafts: Array<{ slot: PlanSlot; text: { title: string; description: string } }> = []
  for (const slot of slots) {
    const result = await withTenant(identity, () =>
      aiGateway.generateObject<{ title: string; description: string }>({
        purpose: 'content.calendar_month',
        schemaName: 'calendar_entry',
        schema: SLOT_SCHEMA,
        system:
          'You plan a marketing content calendar. The user message gives a draft title and description of one piece of content, then the facts behind it: the campaign, its objective and audience, the brief, the topic and the brand voice. Return the title and a two-sentence description, improved in the brand voice, using only those facts.',
        messages: [{ role: 'user', content: slotPrompt(slot, job.brief, kit) }],
        maxOutputTokens: 400,
      })
    )
    drafts.push({ slot, text: result.object })
  }

  await withTenant(identity, async ({ trx }) => {
    const written = await trx
      .from('content_calendar')
      .whereRaw(`metadata->>'generation_id' = ?`, [job.generation_id])
      .first()
    if (written) return
    for (const { slot, text } of drafts) {
      await createEntry({
        title: text.title.slice(0, 300),
        description: text.description.slice(0, 10_000),
        content_type: slot.content_type,
        platform: slot.platform,
        scheduled_date: slot.scheduled_date,
        campaign_id: slot.campaign?.id ?? null,
        status: 'draft',
        metadata: { generation_id: job.generation_id, generated: true, topic: slot.topic },
      })
    }
  })
  helpers.logger.info(`content month ${job.month}: ${drafts.length} drafts (${job.generation_id})`)
}

export default task
