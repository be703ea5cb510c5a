import { rawQuery, tenant } from '#sdk'
import emailConfig from '../email_config.js'

/** A ledger row claimed for sending, with the contact's merge-field data. */
export interface ClaimedSend {
  id: string
  attempts: number
  contact_id: string
  email: string
  name: string | null
  company: string | null
  metadata: Record<string, unknown>
}

/**
 * Puts back in the queue the rows a sending job had in flight when it died
 * (same job id: a retry) and rows whose claim is older than the claim timeout
 * (another job's worker died): they may have reached the relay, and are sent
 * again with the same Message-ID.
 */
export async function reclaimInFlight(campaignId: string, jobId: string) {
  await rawQuery(
    tenant().trx,
    `update email_sends set status = 'pending', claimed_job = null
     where campaign_id = ? and status = 'sending'
       and (claimed_job = ?::bigint or sending_at < now() - make_interval(secs => ?))`,
    [campaignId, jobId, emailConfig.claimTimeoutSeconds]
  )
}

/**
 * Claims the next pending rows of a campaign for one job (`skip locked`: the
 * campaign's parallel jobs never take the same row) and marks them `sending`
 * before any SMTP call. Rows whose address is now suppressed or whose contact
 * is no longer subscribed become `skipped`: an unsubscribe applies at once.
 */
export async function claimSends(
  campaignId: string,
  jobId: string,
  limit: number
): Promise<ClaimedSend[]> {
  const result = await rawQuery(
    tenant().trx,
    `with next as (
       select s.id from email_sends s
       where s.campaign_id = ? and s.status = 'pending'
         and (s.not_before is null or s.not_before <= now())
       order by s.id limit ? for update skip locked
     ), decided as (
       select n.id, c.name, c.company, c.metadata,
         (c.subscription_status = 'subscribed' and not exists (
           select 1 from email_suppressions x
           where x.workspace_id = c.workspace_id and lower(x.email) = lower(c.email)
         )) as allowed
       from next n
       join email_sends s on s.id = n.id
       join email_contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id
     )
     update email_sends s set
       status = case when d.allowed then 'sending' else 'skipped' end,
       error = case when d.allowed then null else 'unsubscribed or suppressed before sending' end,
       attempts = s.attempts + case when d.allowed then 1 else 0 end,
       claimed_job = ?::bigint,
       sending_at = now()
     from decided d
     where s.id = d.id
     returning s.id, s.attempts, s.contact_id, s.email, s.status, d.name, d.company, d.metadata`,
    [campaignId, limit, jobId]
  )
  return result.rows.filter((row: { status: string }) => row.status === 'sending')
}

/** Records that the relay accepted a message. */
export async function markSent(sendId: string, messageId: string) {
  await rawQuery(
    tenant().trx,
    `update email_sends set status = 'sent', sent_at = now(), message_id = ?, error = null
     where id = ? and status = 'sending'`,
    [messageId, sendId]
  )
}

/** Records that the relay refused a recipient for good (5xx); the address is suppressed as bounced. */
export async function markRefused(
  send: Pick<ClaimedSend, 'id' | 'contact_id' | 'email'>,
  campaignId: string | null,
  error: string
) {
  const { trx, workspaceId } = tenant()
  await rawQuery(
    trx,
    `update email_sends set status = 'failed', error = ? where id = ? and status = 'sending'`,
    [error.slice(0, 1000), send.id]
  )
  await rawQuery(
    trx,
    `insert into email_events (workspace_id, campaign_id, send_id, contact_id, event_type, details)
     values (?, ?, ?, ?, 'bounced', ?::jsonb)`,
    [
      workspaceId,
      campaignId,
      send.id,
      send.contact_id,
      JSON.stringify({ kind: 'hard', reply: error.slice(0, 500) }),
    ]
  )
  await rawQuery(
    trx,
    `update email_contacts set subscription_status = 'bounced' where id = ? and subscription_status = 'subscribed'`,
    [send.contact_id]
  )
  await rawQuery(
    trx,
    `insert into email_suppressions (workspace_id, email, reason) values (?, ?, 'bounced')
     on conflict (workspace_id, lower(email)) do nothing`,
    [workspaceId, send.email]
  )
}

/**
 * Gives a claimed row back after a temporary failure, to be tried again no
 * earlier than `delaySeconds` from now (0: at once, by the job's retry).
 */
export async function releaseSend(sendId: string, delaySeconds = 0) {
  await rawQuery(
    tenant().trx,
    `update email_sends set status = 'pending', claimed_job = null,
       not_before = now() + make_interval(secs => ?)
     where id = ? and status = 'sending'`,
    [delaySeconds, sendId]
  )
}

/** Gives up on a recipient the relay kept deferring: failed, with a soft-bounce event; not suppressed. */
export async function markDeferredTooLong(send: ClaimedSend, campaignId: string, error: string) {
  const { trx, workspaceId } = tenant()
  await rawQuery(
    trx,
    `update email_sends set status = 'failed', error = ? where id = ? and status = 'sending'`,
    [error.slice(0, 1000), send.id]
  )
  await rawQuery(
    trx,
    `insert into email_events (workspace_id, campaign_id, send_id, contact_id, event_type, details)
     values (?, ?, ?, ?, 'bounced', ?::jsonb)`,
    [
      workspaceId,
      campaignId,
      send.id,
      send.contact_id,
      JSON.stringify({ kind: 'soft', reply: error.slice(0, 500) }),
    ]
  )
}

/**
 * What is left of a campaign's queue: rows to claim now, and the earliest
 * time something else needs a look: a deferred row is due, or another job's
 * in-flight rows would count as abandoned (null when nothing waits).
 */
export async function queueState(campaignId: string, jobId: string) {
  const result = await rawQuery(
    tenant().trx,
    `select
       count(*) filter (where status = 'pending' and (not_before is null or not_before <= now()))::int as ready,
       least(
         min(not_before) filter (where status = 'pending' and not_before > now()),
         min(sending_at + make_interval(secs => ?)) filter (
           where status = 'sending' and claimed_job is distinct from ?::bigint
         )
       ) as next_at
     from email_sends where campaign_id = ? and status in ('pending', 'sending')`,
    [emailConfig.claimTimeoutSeconds + 1, jobId, campaignId]
  )
  return result.rows[0] as { ready: number; next_at: Date | null }
}

/**
 * Writes the ledger row of an automation's message to one contact, already
 * `sending` (claimed by `jobId`), in the transaction that claims the step:
 * one row per step run, so the step's message exists once.
 */
export async function claimAutomationSend(
  stepRunId: string,
  contactId: string,
  email: string,
  jobId: string
): Promise<{ id: string }> {
  const { trx, workspaceId } = tenant()
  const result = await rawQuery(
    trx,
    `insert into email_sends (workspace_id, automation_step_run_id, contact_id, email, status,
       attempts, claimed_job, sending_at)
     values (?, ?, ?, ?, 'sending', 1, ?::bigint, now())
     returning id`,
    [workspaceId!, stepRunId, contactId, email, jobId]
  )
  return result.rows[0]
}

/** Takes over an automation message whose job died (or is this job's own retry) to deliver it again. */
export async function reclaimAutomationSend(sendId: string, jobId: string) {
  await rawQuery(
    tenant().trx,
    `update email_sends set claimed_job = ?::bigint, sending_at = now(), attempts = attempts + 1
     where id = ? and status = 'sending'`,
    [jobId, sendId]
  )
}
