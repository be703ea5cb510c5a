import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import { Problem } from '#core/http/problem'

/** Columns of a lead as the API returns it. */
export const LEAD_COLUMNS = [
  'id',
  'workspace_id',
  'first_name',
  'last_name',
  'email',
  'company',
  'job_title',
  'phone',
  'industry',
  'company_size',
  'source',
  'status',
  'lead_score',
  'tags',
  'custom_fields',
  'marketing_consent',
  'consent_text',
  'consent_recorded_at',
  'created_by',
  'created_at',
  'updated_at',
] as const

/** A lead row as stored (snake_case, like the API). */
export type LeadRow = Record<(typeof LEAD_COLUMNS)[number], any>

/** Values of a lead to create, or to merge into the lead with the same e-mail. */
export interface LeadValues {
  email: string
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  job_title?: string | null
  phone?: string | null
  industry?: string | null
  company_size?: string | null
  source: string
  status?: string | null
  tags?: string[]
  custom_fields?: Record<string, unknown>
  /** Consent stated with this submission (the latest statement wins); undefined keeps the stored one. */
  consent?: { marketing: boolean; text?: string | null }
}

/** Normalises an e-mail for storage: trimmed and lower case (uniqueness ignores case anyway). */
export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

const MERGED_TEXT = [
  'first_name',
  'last_name',
  'company',
  'job_title',
  'phone',
  'industry',
  'company_size',
] as const

/**
 * Creates the lead, or merges into the workspace's lead with the same e-mail
 * (any case) in one statement: given values replace stored ones, missing
 * values keep them, tags are united, custom fields merged key by key; the
 * first source and the status stay. Returns the row and whether it is new.
 */
export async function upsertLeadByEmail(
  values: LeadValues
): Promise<{ lead: LeadRow; created: boolean }> {
  const { trx, workspaceId, userId } = tenant()
  const blank = (value: string | null | undefined) =>
    value === undefined || value === null || value.trim() === '' ? null : value.trim()
  const columns = MERGED_TEXT.map((column) => blank(values[column] ?? null))
  const consent = values.consent
  const result = await rawQuery(
    trx,
    `insert into public.leads as l (workspace_id, email, ${MERGED_TEXT.join(', ')}, source, status, tags,
        custom_fields, marketing_consent, consent_text, consent_recorded_at, created_by)
      values (?::uuid, ?, ${MERGED_TEXT.map(() => '?').join(', ')}, ?, coalesce(?, 'new'),
        coalesce(?::text[], '{}'), coalesce(?::jsonb, '{}'::jsonb), coalesce(?::boolean, false), ?,
        case when ?::boolean is null then null else now() end, ?::uuid)
      on conflict (workspace_id, lower(email)) where email is not null do update set
        ${MERGED_TEXT.map((column) => `${column} = coalesce(excluded.${column}, l.${column})`).join(', ')},
        tags = array(select distinct t from unnest(l.tags || excluded.tags) t order by t),
        custom_fields = l.custom_fields || excluded.custom_fields,
        marketing_consent = case when ?::boolean is null then l.marketing_consent else excluded.marketing_consent end,
        consent_text = case when ?::boolean is null then l.consent_text else excluded.consent_text end,
        consent_recorded_at = coalesce(excluded.consent_recorded_at, l.consent_recorded_at)
      returning ${LEAD_COLUMNS.map((column) => `l.${column}`).join(', ')}, (xmax = 0) as created`,
    [
      workspaceId,
      normalizeEmail(values.email),
      ...columns,
      values.source.trim(),
      values.status ?? null,
      values.tags ? normalizeTags(values.tags) : null,
      values.custom_fields ? JSON.stringify(values.custom_fields) : null,
      consent ? consent.marketing : null,
      consent ? blank(consent.text ?? null) : null,
      consent ? consent.marketing : null,
      userId ?? null,
      consent ? consent.marketing : null,
      consent ? consent.marketing : null,
    ]
  )
  const { created, ...lead } = result.rows[0]
  return { lead: lead as LeadRow, created: Boolean(created) }
}

/** Tags are stored trimmed, lower case and unique. */
export function normalizeTags(tags: string[]) {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort()
}

/** Adds an activity to a lead of the current workspace and returns it. */
export async function addActivity(
  leadId: string,
  activity: { type: string; data?: Record<string, unknown>; occurred_at?: Date | string | null }
) {
  const { trx, workspaceId, userId } = tenant()
  const [row] = await trx
    .insertQuery()
    .table('lead_activities')
    .insert({
      workspace_id: workspaceId,
      lead_id: leadId,
      activity_type: activity.type,
      activity_data: JSON.stringify(activity.data ?? {}),
      occurred_at: activity.occurred_at ?? new Date(),
      created_by: userId ?? null,
    })
    .returning([
      'id',
      'workspace_id',
      'lead_id',
      'activity_type',
      'activity_data',
      'occurred_at',
      'created_by',
      'created_at',
    ])
  return row
}

/** A lead of the current workspace by id, or a 404 (also for other workspaces' leads). */
export async function findLeadOrFail(id: string): Promise<LeadRow> {
  const { trx, workspaceId } = tenant()
  const lead = await trx
    .from('leads')
    .select(LEAD_COLUMNS as unknown as string[])
    .where({ id, workspace_id: workspaceId! })
    .first()
  if (!lead) throw Problem.notFound('Lead')
  return lead
}
