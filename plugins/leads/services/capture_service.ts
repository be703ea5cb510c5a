import { tenant } from '#sdk'
import { addActivity, upsertLeadByEmail } from './lead_writer.js'
import { rescoreLeads } from './scoring_service.js'
import { emitLeadChanges } from './lead_events.js'

/** A lead submitted by a form (embed or integration), as `captureLead` takes it. */
export interface CaptureLeadInput {
  email: string
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  phone?: string | null
  job_title?: string | null
  source: string
  consent: { marketing: boolean; text?: string | null }
  /** Other submitted fields, kept in custom_fields. */
  fields?: Record<string, unknown>
  activity: { type: 'form_filled'; description?: string; data?: Record<string, unknown> }
}

/** What `captureLead` did: the lead, whether it is new, and its score afterwards. */
export interface CaptureLeadResult {
  leadId: string
  created: boolean
  score: number
}

/**
 * Records a form submission in the current tenant transaction (a user's, a
 * job's or an anonymous embed's with `app.workspace_id` set): creates the
 * lead, or merges it into the workspace's lead with the same e-mail (any
 * case), adds the activity with the consent statement, rescores the lead and
 * emits `lead.created` / `lead.updated` (and `lead.score_changed`).
 */
export async function captureLead(input: CaptureLeadInput): Promise<CaptureLeadResult> {
  if (!tenant().workspaceId) throw new Error('captureLead needs a workspace in the tenant context')
  const { lead, created } = await upsertLeadByEmail({
    email: input.email,
    first_name: input.first_name,
    last_name: input.last_name,
    company: input.company,
    phone: input.phone,
    job_title: input.job_title,
    source: input.source,
    custom_fields: input.fields ?? {},
    consent: { marketing: input.consent.marketing, text: input.consent.text ?? null },
  })
  await addActivity(lead.id, {
    type: input.activity.type,
    data: {
      ...(input.activity.data ?? {}),
      ...(input.activity.description ? { description: input.activity.description } : {}),
      source: input.source,
      consent: { marketing: input.consent.marketing, text: input.consent.text ?? null },
    },
  })
  const { changes } = await rescoreLeads([lead.id])
  const score = changes.find((change) => change.leadId === lead.id)?.to ?? lead.lead_score
  await emitLeadChanges({ lead: { ...lead, lead_score: score }, created, scoreChanges: changes })
  return { leadId: lead.id, created, score }
}
