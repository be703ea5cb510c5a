import { emitEvent, rawQuery, tenant } from '#sdk'
import type { ContactRow } from './contact_resource.js'

/**
 * Unsubscribes a contact and puts its address on the suppression list, with
 * an event (with `details`, e.g. a bounce's status), in the current
 * transaction (member, job or public link as app_anon). Every later send
 * checks the list first. A bounce passes its report key (bounce_service.ts)
 * for the event, so that the same report is not recorded twice.
 */
export async function suppress(
  contact: Pick<ContactRow, 'id' | 'email'>,
  reason: 'unsubscribed' | 'complained' | 'bounced',
  send: { id: string; campaign_id: string } | null,
  details: Record<string, unknown> = {},
  reportKey: string | null = null
) {
  const { trx, workspaceId } = tenant()
  const status =
    reason === 'complained' ? 'complained' : reason === 'bounced' ? 'bounced' : 'unsubscribed'
  await rawQuery(
    trx,
    `update email_contacts set subscription_status = ?,
       unsubscribed_at = case when ? = 'unsubscribed' then coalesce(unsubscribed_at, now()) else unsubscribed_at end
     where id = ?`,
    [status, status, contact.id]
  )
  const inserted = await rawQuery(
    trx,
    `insert into email_suppressions (workspace_id, email, reason) values (?, lower(?), ?)
     on conflict (workspace_id, lower(email)) do nothing returning id`,
    [workspaceId, contact.email, reason]
  )
  await rawQuery(
    trx,
    `insert into email_events (workspace_id, campaign_id, send_id, contact_id, event_type, details, report_key)
     values (?, ?, ?, ?, ?, ?::jsonb, ?)`,
    [
      workspaceId,
      send?.campaign_id ?? null,
      send?.id ?? null,
      contact.id,
      reason === 'bounced' ? 'bounced' : reason,
      JSON.stringify(details),
      reportKey,
    ]
  )
  if (inserted.rows.length || reason !== 'bounced') {
    await emitEvent('email_contact.unsubscribed', {
      contact_id: contact.id,
      reason,
      campaign_id: send?.campaign_id ?? null,
    })
  }
}
