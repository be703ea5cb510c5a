import { tenant, rawQuery, Problem, columnSqlType } from '#sdk'
import { leadActivityResource } from './lead_activity_resource.js'
import { leadResource, normalizeEmail, normalizeTags, type LeadRow } from './lead_resource.js'

/**
 * Columns that upsertLeads() writes by rules of their own; every other
 * writable column of the lead resource is merged as "a given value replaces
 * the stored one, a missing one keeps it".
 */
const OWN_RULES = [
  'email',
  'source',
  'status',
  'tags',
  'custom_fields',
  'marketing_consent',
  'consent_text',
] as const

/** Columns that no write of a lead sets from the caller's values. */
type ReadOnlyColumn =
  | 'id'
  | 'workspace_id'
  | 'lead_score'
  | 'consent_recorded_at'
  | 'created_by'
  | 'created_at'
  | 'updated_at'

/** Values of a lead to create, or to merge into the lead with the same e-mail. */
export type LeadValues = Partial<Omit<LeadRow, (typeof OWN_RULES)[number] | ReadOnlyColumn>> & {
  email: string
  source: string
  status?: string | null
  tags?: string[]
  custom_fields?: Record<string, unknown>
  /** Consent stated with this submission (the latest statement wins); undefined keeps the stored one. */
  consent?: { marketing: boolean; text?: string | null }
}

const MERGED = leadResource
  .writableColumns('create')
  .filter((column) => !(OWN_RULES as readonly string[]).includes(column))

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
  const blank = (value: unknown) =>
    typeof value === 'string' ? value.trim() || null : (value ?? null)
  const rows = list.map((values, index) => ({
    ord: index,
    email: normalizeEmail(values.email),
    ...Object.fromEntries(
      MERGED.map((column) => [column, blank(values[column as keyof LeadValues])])
    ),
    source: values.source.trim(),
    status: values.status ?? null,
    tags: values.tags ? normalizeTags(values.tags) : null,
    custom_fields: values.custom_fields ?? null,
    has_consent: values.consent !== undefined,
    marketing_consent: values.consent?.marketing ?? null,
    consent_text: values.consent ? blank(values.consent.text) : null,
  }))
  const result = await rawQuery(
    trx,
    `with input as (
        select * from jsonb_to_recordset(?::jsonb) as r(
          ord int, email text, ${MERGED.map((column) => `${column} ${columnSqlType(leadResource.column(column))}`).join(', ')},
          source text, status text, tags text[], custom_fields jsonb, has_consent boolean,
          marketing_consent boolean, consent_text text)
      ),
      written as (
        insert into public.leads as l (workspace_id, email, ${MERGED.join(', ')}, source, status,
          tags, custom_fields, marketing_consent, consent_text, consent_recorded_at, created_by)
        select ?::uuid, email, ${MERGED.join(', ')}, source, coalesce(status, 'new'),
          coalesce(tags, '{}'), coalesce(custom_fields, '{}'::jsonb), coalesce(marketing_consent, false),
          consent_text, case when has_consent then now() end, ?::uuid
        from input order by ord
        on conflict (workspace_id, lower(email)) where email is not null do update set
          ${MERGED.map((column) => `${column} = coalesce(excluded.${column}, l.${column})`).join(', ')},
          status = case when (select i.status from input i where i.email = excluded.email) is null
            then l.status else excluded.status end,
          tags = array(select distinct t from unnest(l.tags || excluded.tags) t order by t),
          custom_fields = l.custom_fields || excluded.custom_fields,
          marketing_consent = case when excluded.consent_recorded_at is null
            then l.marketing_consent else excluded.marketing_consent end,
          consent_text = case when excluded.consent_recorded_at is null
            then l.consent_text else excluded.consent_text end,
          consent_recorded_at = coalesce(excluded.consent_recorded_at, l.consent_recorded_at)
        returning ${leadResource.sql('l')}, (xmax = 0) as created
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
    .returning([...leadActivityResource.columns])
  return row
}

/** A lead of the current workspace by id, or a 404 (also for other workspaces' leads). */
export async function findLeadOrFail(id: string): Promise<LeadRow> {
  const { trx, workspaceId } = tenant()
  const lead = await leadResource.query(trx).where({ id, workspace_id: workspaceId! }).first()
  if (!lead) throw Problem.notFound('Lead')
  return lead
}
