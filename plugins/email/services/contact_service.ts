import { Problem, emitEvent, emitEvents, queueMail, rawQuery, tenant } from '#sdk'
import { consentingLeads } from '#plugins/leads/services/index'
import { contactResource, normalizeTags, type ContactRow } from './contact_resource.js'
import { confirmUrl } from './links.js'

/** The contact's data in webhook events: ids and state, never the address. */
export function contactEvent(contact: Pick<ContactRow, 'id' | 'subscription_status' | 'tags'>) {
  return {
    contact_id: contact.id,
    subscription_status: contact.subscription_status,
    tags: contact.tags,
  }
}

/** A contact of the current workspace, or 404. */
export async function findContactOrFail(id: string) {
  const contact = await contactResource.query(tenant().trx).where('id', id).first()
  if (!contact) throw Problem.notFound('Contact')
  return contact as ContactRow
}

/** Whether an address is on the workspace's suppression list. */
export async function isSuppressed(email: string) {
  const row = await tenant()
    .trx.from('email_suppressions')
    .whereRaw('lower(email) = lower(?)', [email])
    .first()
  return Boolean(row)
}

/**
 * Queues the double opt-in mail of a pending contact: one link that confirms
 * on POST (the page behind a GET only asks), sent with the workspace's sender.
 */
export async function queueOptInMail(contact: Pick<ContactRow, 'id' | 'email' | 'name'>) {
  const link = confirmUrl(tenant().workspaceId!, contact.id)
  const greeting = contact.name ? `Hello ${contact.name},` : 'Hello,'
  await queueMail({
    to: contact.email,
    subject: 'Please confirm your subscription',
    text: `${greeting}\n\nPlease confirm that you want to receive our e-mails: ${link}\n\nIf you did not ask for this, ignore this message and you will not hear from us.`,
    html: `<p>${escape(greeting)}</p><p>Please confirm that you want to receive our e-mails:</p><p><a href="${escape(link)}">Confirm my subscription</a></p><p>If you did not ask for this, ignore this message and you will not hear from us.</p>`,
  })
}

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/**
 * Creates a contact with its consent: subscribed at once, or `pending` with a
 * confirmation mail (double opt-in). A suppressed address is refused (409).
 */
export async function createContact(input: {
  email: string
  name?: string | null
  company?: string | null
  tags?: string[]
  metadata?: Record<string, unknown>
  consent_source: string
  double_opt_in?: boolean
}) {
  const { trx, workspaceId, userId } = tenant()
  if (await isSuppressed(input.email)) {
    throw Problem.conflict('This address is on the suppression list and cannot be added again')
  }
  const result = await rawQuery(
    trx,
    `insert into email_contacts (workspace_id, email, name, company, tags, metadata, consent_source,
       consent_recorded_at, subscription_status, confirmed_at, created_by)
     values (?, ?, ?, ?, ?, ?::jsonb, ?, now(), ?, ?, ?)
     on conflict (workspace_id, lower(email)) do nothing
     returning id`,
    [
      workspaceId,
      input.email.trim().toLowerCase(),
      input.name ?? null,
      input.company ?? null,
      normalizeTags(input.tags ?? []),
      JSON.stringify(input.metadata ?? {}),
      input.consent_source,
      input.double_opt_in ? 'pending' : 'subscribed',
      input.double_opt_in ? null : new Date(),
      userId,
    ]
  )
  if (!result.rows.length) throw Problem.conflict('A contact with this e-mail exists')
  const contact = await findContactOrFail(result.rows[0].id)
  if (input.double_opt_in) await queueOptInMail(contact)
  await emitEvent('email_contact.created', contactEvent(contact))
  return contact
}

/**
 * Creates contacts from the leads that gave marketing consent (read through
 * the leads plugin's face), page by page in one statement each. Existing
 * contacts and suppressed addresses are left alone. Returns the counts.
 */
export async function importContactsFromLeads(input: {
  tags?: string[]
  add_tags?: string[]
  double_opt_in?: boolean
}) {
  const { trx, workspaceId, userId } = tenant()
  const addTags = normalizeTags(input.add_tags ?? [])
  let afterId: string | null = null
  let considered = 0
  let created = 0
  for (;;) {
    const leads = await consentingLeads({
      tags: normalizeTags(input.tags ?? []),
      afterId,
      limit: 1000,
    })
    if (!leads.length) break
    considered += leads.length
    afterId = leads[leads.length - 1].id
    const rows = leads.map((lead) => ({
      lead_id: lead.id,
      email: lead.email.trim().toLowerCase(),
      name: [lead.first_name, lead.last_name].filter(Boolean).join(' ') || null,
      company: lead.company,
      tags: normalizeTags([...(lead.tags ?? []), ...addTags]),
      consent_source: `lead${lead.consent_text ? `: ${lead.consent_text}` : ''}`.slice(0, 200),
      consent_recorded_at: lead.consent_recorded_at,
    }))
    const inserted = await rawQuery(
      trx,
      `insert into email_contacts (workspace_id, lead_id, email, name, company, tags, consent_source,
         consent_recorded_at, subscription_status, confirmed_at, created_by)
       select ?, r.lead_id, r.email, r.name, r.company, r.tags, r.consent_source,
         coalesce(r.consent_recorded_at, now()), ?, ?, ?
       from jsonb_to_recordset(?::jsonb) as r (lead_id uuid, email text, name text, company text,
         tags text[], consent_source text, consent_recorded_at timestamptz)
       where not exists (
         select 1 from email_suppressions x where x.workspace_id = ? and lower(x.email) = lower(r.email)
       )
       on conflict (workspace_id, lower(email)) do nothing
       returning id, email, name, subscription_status, tags`,
      [
        workspaceId,
        input.double_opt_in ? 'pending' : 'subscribed',
        input.double_opt_in ? null : new Date(),
        userId,
        JSON.stringify(rows),
        workspaceId,
      ]
    )
    created += inserted.rows.length
    if (input.double_opt_in) for (const contact of inserted.rows) await queueOptInMail(contact)
    await emitEvents(
      inserted.rows.map((contact: ContactRow) => ({
        type: 'email_contact.created',
        data: contactEvent(contact),
      }))
    )
  }
  return { leads_considered: considered, contacts_created: created }
}
