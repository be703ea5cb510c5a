import { Problem, emitEvent, enqueue, rawQuery, tenant } from '#sdk'
import emailConfig from '../email_config.js'
import { campaignResource, type CampaignRow } from './campaign_resource.js'
import { applySegment, type SegmentConditions } from './segment_query.js'

/** A campaign of the current workspace, or 404. */
export async function findCampaignOrFail(id: string) {
  const campaign = await campaignResource
    .query(tenant().trx, 'email_campaigns')
    .where('id', id)
    .first()
  if (!campaign) throw Problem.notFound('Campaign')
  return campaign as CampaignRow
}

/** 422 unless the template and segment exist in this workspace. */
export async function checkCampaignRefs(input: { template_id?: string; segment_id?: string }) {
  const { trx } = tenant()
  if (
    input.template_id &&
    !(await trx.from('email_templates').where('id', input.template_id).first())
  )
    throw Problem.invalidField('template_id', 'No such template in this workspace')
  if (input.segment_id && !(await trx.from('email_segments').where('id', input.segment_id).first()))
    throw Problem.invalidField('segment_id', 'No such segment in this workspace')
}

/**
 * Starts (or schedules) a campaign: it must be a draft with a template and a
 * segment. The job that builds the send ledger is enqueued in this
 * transaction, keyed per campaign, so a double click starts it once.
 */
export async function startCampaign(id: string) {
  const campaign = await findCampaignOrFail(id)
  if (campaign.status !== 'draft') {
    throw Problem.conflict(`The campaign is ${campaign.status}; only a draft can be sent`)
  }
  if (!campaign.template_id)
    throw Problem.invalidField('template_id', 'The campaign has no template')
  if (!campaign.segment_id) throw Problem.invalidField('segment_id', 'The campaign has no segment')
  const later = campaign.scheduled_for && campaign.scheduled_for.getTime() > Date.now()
  await tenant()
    .trx.from('email_campaigns')
    .where('id', id)
    .update({ status: later ? 'scheduled' : 'sending' })
  await enqueue(
    'email/send_campaign',
    { campaign_id: id },
    { jobKey: `email-campaign:${id}`, runAt: later ? campaign.scheduled_for! : undefined }
  )
  await emitEvent('email_campaign.started', { campaign_id: id, scheduled: Boolean(later) })
  return findCampaignOrFail(id)
}

/**
 * Writes the send ledger of a campaign: one `pending` row per subscribed,
 * unsuppressed contact of its segment (evaluated in SQL, one statement), and
 * enqueues the sending jobs. Idempotent: rows exist once per contact.
 */
export async function prepareCampaign(id: string) {
  const { trx, workspaceId } = tenant()
  const campaign = await trx.from('email_campaigns').where('id', id).forUpdate().first()
  if (!campaign || !['scheduled', 'sending'].includes(campaign.status)) return null
  const segment = await trx.from('email_segments').where('id', campaign.segment_id).first()
  if (!segment) {
    await trx.from('email_campaigns').where('id', id).update({ status: 'failed' })
    return null
  }
  const select = applySegment(
    trx
      .from('email_contacts as c')
      .select(trx.raw('c.workspace_id, ?::uuid, c.id, c.email', [id]))
      .where('c.subscription_status', 'subscribed')
      .whereNotExists((sub) =>
        sub
          .from('email_suppressions as x')
          .whereRaw('x.workspace_id = c.workspace_id and lower(x.email) = lower(c.email)')
      ),
    segment.conditions as SegmentConditions
  ).toSQL()
  const inserted = await rawQuery(
    trx,
    `insert into email_sends (workspace_id, campaign_id, contact_id, email) ${select.sql}
     on conflict (campaign_id, contact_id) do nothing`,
    [...select.bindings] as never[]
  )
  await trx.from('email_campaigns').where('id', id).update({ status: 'sending' })
  for (let index = 0; index < emailConfig.concurrency; index++) {
    await enqueue(
      'email/send_batch',
      { campaign_id: id },
      { jobKey: `email-batch:${id}:${index}`, maxAttempts: 25 }
    )
  }
  return { workspaceId, recipients: inserted.rowCount ?? 0 }
}

/**
 * Closes a campaign whose ledger has no pending or in-flight row: status
 * `sent`, `sent_at`, and the seed's open and click rates from human events.
 */
export async function finishCampaignIfDone(id: string) {
  const { trx } = tenant()
  const result = await rawQuery(
    trx,
    `update email_campaigns c set status = 'sent', sent_at = now(),
       open_rate = r.open_rate, click_rate = r.click_rate
     from (
       select
         case when sent = 0 then null else round(100.0 * opened / sent, 2) end as open_rate,
         case when sent = 0 then null else round(100.0 * clicked / sent, 2) end as click_rate
       from (
         select
           (select count(*) from email_sends s where s.campaign_id = ? and s.status = 'sent') as sent,
           (select count(distinct e.contact_id) from email_events e
             where e.campaign_id = ? and e.event_type = 'opened' and not e.is_machine) as opened,
           (select count(distinct e.contact_id) from email_events e
             where e.campaign_id = ? and e.event_type = 'clicked' and not e.is_machine) as clicked
       ) counts
     ) r
     where c.id = ? and c.status = 'sending'
       and not exists (select 1 from email_sends s where s.campaign_id = c.id and s.status in ('pending', 'sending'))
     returning c.id`,
    [id, id, id, id]
  )
  if (result.rows.length) {
    const counts = await rawQuery(
      trx,
      `select count(*) filter (where status = 'sent')::int as sent,
              count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status = 'skipped')::int as skipped
       from email_sends where campaign_id = ?`,
      [id]
    )
    await emitEvent('email_campaign.sent', { campaign_id: id, ...counts.rows[0] })
  }
}
