import { tenant, rawQuery, Problem } from '#sdk'

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
 * first source stays, and the status changes only when one is given. Returns
 * the row and whether it is new.
 */
export async function upsertLeadByEmail(
  values: LeadValues
): Promise<{ lead: LeadRow; created: boolean }> {
  const [result] = await upsertLeads([values])
  return result
}

/**
 * upsertLeadByEmail() for many leads in one statement (CSV import). The
 * e-mails must be distinct (ignoring case): PostgreSQL cannot merge two rows
 * of one statement into the same lead. Results come back in input order.
 */
export async function upsertLeads(
  list: LeadValues[]
): Promise<Array<{ lead: LeadRow; created: boolean }>> {
  if (list.length === 0) return []
  const { trx, workspaceId, userId } = tenant()
  const blank = (value: string | null | undefined) =>
    value === undefined || value === null || value.trim() === '' ? null : value.trim()
  const rows = list.map((values, index) => ({
    ord: index,
    email: normalizeEmail(values.email),
    ...Object.fromEntries(MERGED_TEXT.map((column) => [column, blank(values[column] ?? null)])),
    source: values.source.trim(),
    status: values.status ?? null,
    tags: values.tags ? normalizeTags(values.tags) : null,
    custom_fields: values.custom_fields ?? null,
    has_consent: values.consent !== undefined,
    marketing_consent: values.consent?.marketing ?? null,
    consent_text: values.consent ? blank(values.consent.text ?? null) : null,
  }))
  const result = await rawQuery(
    trx,
    `with input as (
        select * from jsonb_to_recordset(?::jsonb) as r(
          ord int, email text, ${MERGED_TEXT.map((column) => `${column} text`).join(', ')},
          source text, status text, tags text[], custom_fields jsonb, has_consent boolean,
          marketing_consent boolean, consent_text text)
      ),
      written as (
        insert into public.leads as l (workspace_id, email, ${MERGED_TEXT.join(', ')}, source, status,
          tags, custom_fields, marketing_consent, consent_text, consent_recorded_at, created_by)
        select ?::uuid, email, ${MERGED_TEXT.join(', ')}, source, coalesce(status, 'new'),
          coalesce(tags, '{}'), coalesce(custom_fields, '{}'::jsonb), coalesce(marketing_consent, false),
          consent_text, case when has_consent then now() end, ?::uuid
        from input order by ord
        on conflict (workspace_id, lower(email)) where email is not null do update set
          ${MERGED_TEXT.map((column) => `${column} = coalesce(excluded.${column}, l.${column})`).join(', ')},
          status = case when (select i.status from input i where i.email = excluded.email) is null
            then l.status else excluded.status end,
          tags = array(select distinct t from unnest(l.tags || excluded.tags) t order by t),
          custom_fields = l.custom_fields || excluded.custom_fields,
          marketing_consent = case when excluded.consent_recorded_at is null
            then l.marketing_consent else excluded.marketing_consent end,
          consent_text = case when excluded.consent_recorded_at is null
            then l.consent_text else excluded.consent_text end,
          consent_recorded_at = coalesce(excluded.consent_recorded_at, l.consent_recorded_at)
        returning ${LEAD_COLUMNS.map((column) => `l.${column}`).join(', ')}, (xmax = 0) as created
      )
      select w.* from written w join input i on i.email = w.email order by i.ord`,
    [JSON.stringify(rows), workspaceId, userId ?? null]
  )
  if (result.rows.length !== list.length) {
    throw new Error('upsertLeads: e-mails must be distinct within one call')
  }
  return result.rows.map(({ created, ...lead }) => ({
    lead: lead as LeadRow,
    created: Boolean(created),
  }))
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
