import { type TenantContext } from '#sdk'
import { upsertLeads, type LeadValues } from '../services/lead_writer.js'
import { rescoreLeads } from '../services/scoring_service.js'

/** A small deterministic generator, so every demo database looks the same. */
function generator(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Katherine',
  'Linus',
  'Margaret',
  'Dennis',
  'Radia',
  'Ken',
  'Barbara',
]
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Perlman',
  'Thompson',
  'Liskov',
]
const COMPANIES: Array<[string, string, string]> = [
  ['Northwind Traders', 'retail', 'medium'],
  ['Contoso Health', 'healthcare', 'enterprise'],
  ['Fabrikam Cloud', 'software', 'small'],
  ['Tailspin Toys', 'retail', 'startup'],
  ['Wingtip Analytics', 'software', 'medium'],
  ['Adatum Finance', 'finance', 'enterprise'],
]
const TITLES = ['Marketing Director', 'CTO', 'Growth Manager', 'Student', 'VP Sales', 'Analyst']
const SOURCES = ['website', 'webinar', 'referral', 'event', 'embed:pricing']
const ACTIVITIES = [
  'email_opened',
  'email_clicked',
  'form_filled',
  'webinar_attended',
  'call_scheduled',
]

const RULES = [
  {
    rule_name: 'Decision maker',
    category: 'fit',
    score_weight: 25,
    conditions: {
      any: [
        { field: 'job_title', op: 'contains', value: 'director' },
        { field: 'job_title', op: 'in', value: ['cto', 'vp sales'] },
      ],
    },
  },
  {
    rule_name: 'Target company size',
    category: 'fit',
    score_weight: 15,
    conditions: { all: [{ field: 'company_size', op: 'in', value: ['medium', 'enterprise'] }] },
  },
  {
    rule_name: 'Students are not buyers',
    category: 'fit',
    score_weight: -20,
    conditions: { all: [{ field: 'job_title', op: 'equals', value: 'student' }] },
  },
  {
    rule_name: 'Engaged with e-mails',
    category: 'engagement',
    score_weight: 20,
    half_life_days: 14,
    conditions: {
      all: [{ activity: ['email_opened', 'email_clicked'], min_count: 3, within_days: 60 }],
    },
  },
  {
    rule_name: 'Asked for a call',
    category: 'engagement',
    score_weight: 30,
    conditions: { all: [{ activity: 'call_scheduled', within_days: 90 }] },
  },
]

/**
 * Demo data of the leads plugin: five scoring rules (fit and engagement), 40
 * leads with 60 days of activities, and their computed scores and
 * explanations.
 */
export default async function seedLeads({ trx, workspaceId, userId }: TenantContext) {
  await trx
    .insertQuery()
    .table('lead_scoring_rules')
    .multiInsert(
      RULES.map((rule) => ({
        ...rule,
        conditions: JSON.stringify(rule.conditions),
        workspace_id: workspaceId,
        created_by: userId,
      }))
    )
  const random = generator(42)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  const values: LeadValues[] = []
  for (let index = 0; index < 40; index++) {
    const first = FIRST[index % FIRST.length]
    const last = LAST[Math.floor(index / FIRST.length) % LAST.length]
    const [company, industry, size] = pick(COMPANIES)
    values.push({
      email:
        `${first}.${last}${index}@${company.split(' ')[0].toLowerCase()}.example`.toLowerCase(),
      first_name: first,
      last_name: last,
      company,
      industry,
      company_size: size as LeadValues['company_size'],
      job_title: pick(TITLES),
      source: pick(SOURCES),
      status: pick(['new', 'new', 'contacted', 'qualified', 'converted', 'lost']),
      tags: random() < 0.3 ? ['newsletter'] : [],
      consent: { marketing: random() < 0.7, text: 'Demo data' },
    })
  }
  const written = await upsertLeads(values)
  const now = Date.now()
  const activities = written.flatMap(({ lead }) =>
    Array.from({ length: Math.floor(random() * 8) }, () => ({
      workspace_id: workspaceId,
      lead_id: lead.id,
      activity_type: pick(ACTIVITIES),
      activity_data: JSON.stringify({ demo: true }),
      occurred_at: new Date(now - Math.floor(random() * 60 * 86_400_000)),
      created_by: userId,
    }))
  )
  if (activities.length) await trx.insertQuery().table('lead_activities').multiInsert(activities)
  await rescoreLeads(null)
}
