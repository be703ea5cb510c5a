import { randomUUID } from 'node:crypto'
import type { Task } from 'graphile-worker'
import {
  deliverMail,
  enqueue,
  isPermanentMailError,
  jobTenantIdentity,
  rawQuery,
  tenantCrashHandler,
  tenant,
  withTenant,
} from '#sdk'
import { workspaceSender } from '#modules/mail/services/index'
import emailConfig from '../email_config.js'
import {
  claimSends,
  markDeferredTooLong,
  markRefused,
  markSent,
  queueState,
  reclaimInFlight,
  releaseSend,
} from '../services/send_ledger.js'
import { finishCampaignIfDone } from '../services/campaign_service.js'
import { htmlTemplateToText } from '../services/template_service.js'
import { ledgerMessage, type MessageSource } from '../services/message_builder.js'

/** Tries of a recipient the relay keeps deferring before it is failed (soft bounce). */
const MAX_DEFERRALS = 8

/** The campaign, its template and the sender, or null when it is not sending. */
async function loadCampaign(campaignId: string): Promise<MessageSource | null> {
  const { trx, workspaceId } = tenant()
  const campaign = await trx.from('email_campaigns').where('id', campaignId).first()
  if (!campaign || campaign.status !== 'sending') return null
  const template = await trx
    .from('email_templates')
    .select('subject_line', 'html_content', 'plain_text')
    .where('id', campaign.template_id)
    .first()
  if (!template) return null
  // The text part is made from the template once per campaign (Liquid tags
  // survive the conversion), not from each rendered message.
  template.plain_text ??= htmlTemplateToText(template.html_content)
  return {
    workspaceId: workspaceId!,
    subjectOverride: campaign.subject_line,
    tracking: campaign.tracking,
    template,
    sender: await workspaceSender(),
  }
}

/**
 * Task `email/send_batch`: sends a campaign's pending recipients, a batch at a
 * time. Each row is marked `sending` and committed before the SMTP call and
 * `sent` in its own transaction right after, so no transaction waits on the
 * relay and a killed or retried job resends only what it had in flight.
 */
const sendBatch: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as { campaign_id: string; generation?: number }
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const generation = payload.generation ?? 0
  const jobId = String(helpers.job.id)
  const campaignId = payload.campaign_id
  const campaign = await withTenant(identity, async () => {
    await reclaimInFlight(campaignId, jobId)
    return loadCampaign(campaignId)
  })
  if (!campaign) return
  const interval = emailConfig.maxPerSecond > 0 ? 1000 / emailConfig.maxPerSecond : 0
  let last = 0
  for (;;) {
    const claimed = await withTenant(identity, () =>
      claimSends(campaignId, jobId, emailConfig.batchSize)
    )
    if (!claimed.length) {
      const state = await withTenant(identity, () => queueState(campaignId, jobId))
      // Rows another job is claiming right now: look again.
      if (state.ready > 0) continue
      if (state.next_at) {
        // Only deferred recipients, or another job's in-flight ones, are left:
        // come back when the first of them needs a look.
        await withTenant(identity, () =>
          enqueue(
            'email/send_batch',
            { campaign_id: campaignId, generation },
            {
              jobKey: `email-batch:${campaignId}:deferred`,
              runAt: new Date(state.next_at!),
              maxAttempts: 25,
            }
          )
        )
        return
      }
      break
    }
    let marking: Promise<void> = Promise.resolve()
    for (const send of claimed) {
      if (interval) {
        const wait = last + interval - Date.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        last = Date.now()
      }
      const message = await ledgerMessage(send, campaign)
      try {
        const delivery = await deliverMail(message, {
          dkim: campaign.sender.dkim,
          workspaceId: campaign.workspaceId,
        })
        // The `sent` commit of this message overlaps the SMTP exchange of the
        // next one (at most one mark in flight, awaited before the next).
        await marking
        marking = withTenant(identity, () => markSent(send.id, delivery.messageId))
      } catch (error) {
        await marking
        const reason = (error as Error).message
        if (isPermanentMailError(error)) {
          await withTenant(identity, () => markRefused(send, campaignId, reason))
          continue
        }
        if ((error as { code?: string }).code === 'EENVELOPE') {
          // The relay deferred this recipient (4xx): the others go on; it waits and retries.
          if (send.attempts >= MAX_DEFERRALS) {
            await withTenant(identity, () => markDeferredTooLong(send, campaignId, reason))
          } else {
            const delay = Math.min(2 ** send.attempts, 3600)
            await withTenant(identity, () => releaseSend(send.id, delay))
          }
          continue
        }
        // The relay itself failed: give the row back and let the job retry with backoff.
        await withTenant(identity, () => releaseSend(send.id))
        throw error
      }
    }
    await marking
  }
  await withTenant(identity, () => finishCampaignIfDone(campaignId))
}

/** Sending jobs that replace ones failed by the poison-job rule, per campaign, before it fails. */
const MAX_GENERATIONS = 20

/**
 * The poison-job rule fails a job whose worker died twice while running it.
 * A sending job dies with its worker, not because of its input: a fresh job
 * takes over (the dead job's rows are reclaimed after the claim timeout),
 * up to MAX_GENERATIONS times per campaign; then the campaign is `failed`.
 */
export const onRepeatedCrash = tenantCrashHandler<{ campaign_id: string; generation?: number }>(
  async ({ campaign_id: campaignId, generation = 0 }, reason, { trx }) => {
    const last = generation + 1 >= MAX_GENERATIONS
    await rawQuery(
      trx,
      `update email_campaigns set metadata = metadata || jsonb_build_object('last_worker_crash', ?::text),
         status = case when ? then 'failed' else status end
       where id = ? and status = 'sending'`,
      [reason, last, campaignId]
    )
    if (last) return
    await enqueue(
      'email/send_batch',
      { campaign_id: campaignId, generation: generation + 1 },
      {
        jobKey: `email-batch:${campaignId}:g${generation + 1}:${randomUUID().slice(0, 8)}`,
        maxAttempts: 25,
      }
    )
  }
)

export default sendBatch
