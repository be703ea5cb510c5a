import type { ArrivedLead } from '#plugins/leads/services/index'

/** Score from which a lead is high priority, and from which it is medium. */
export const HIGH_PRIORITY_SCORE = 70
export const MEDIUM_PRIORITY_SCORE = 40

/** The inbox row triage makes of a lead. */
export interface TriagedLead {
  lead_id: string
  full_name: string | null
  company_name: string | null
  email: string | null
  phone: string | null
  source: string
  score: number
  priority: 'high' | 'medium' | 'low'
  suggested_action: string
  reasons: Array<{ rule_name: string; category: string; points: number }>
}

const names = (reasons: TriagedLead['reasons']) =>
  reasons.map((reason) => reason.rule_name).join(', ')

/**
 * Priority and next action of a new lead, from its score and the scoring rules
 * that produced it (the leads plugin's explanation): high leads with
 * engagement get a call, high fit-only leads a discovery call, medium leads a
 * personal follow-up naming what they did, low leads the nurture sequence
 * (saying which rule held them back, if any).
 */
export function triageLead(lead: ArrivedLead): TriagedLead {
  const reasons = lead.explanation.map((reason) => ({
    rule_name: reason.rule_name,
    category: reason.category,
    points: Math.round(Number(reason.points) * 100) / 100,
  }))
  const positive = reasons.filter((reason) => reason.points > 0).slice(0, 3)
  const negative = reasons.filter((reason) => reason.points < 0).slice(0, 2)
  const engaged = positive.filter((reason) => reason.category === 'engagement')
  const score = lead.lead_score
  const priority =
    score >= HIGH_PRIORITY_SCORE ? 'high' : score >= MEDIUM_PRIORITY_SCORE ? 'medium' : 'low'
  let action: string
  if (priority === 'high') {
    action = engaged.length
      ? `Call within one business day (score ${score}: ${names(positive)})`
      : `Book a discovery call (score ${score}, strong fit: ${names(positive)})`
  } else if (priority === 'medium') {
    action = positive.length
      ? `Send a personal follow-up e-mail about ${names(positive)} (score ${score})`
      : `Send a personal follow-up e-mail about their interest via ${lead.source} (score ${score})`
  } else {
    action = negative.length
      ? `Keep in the nurture sequence; held back by ${names(negative)} (score ${score})`
      : `Add to the nurture sequence until they engage (score ${score}, source ${lead.source})`
  }
  const fullName = [lead.first_name, lead.last_name].filter(Boolean).join(' ') || null
  return {
    lead_id: lead.id,
    full_name: fullName,
    company_name: lead.company,
    email: lead.email,
    phone: lead.phone,
    source: lead.source,
    score,
    priority,
    suggested_action: action,
    reasons,
  }
}
