import { normalizeTags } from './contact_resource.js'

/** Largest contacts CSV file accepted. */
export const MAX_CONTACT_IMPORT_BYTES = 10 * 1024 * 1024
/** Most data rows in one contacts import. */
export const MAX_CONTACT_IMPORT_ROWS = 100_000

/** Header aliases (after lower-casing and turning spaces and dashes into `_`). */
const ALIASES: Record<string, string> = {
  e_mail: 'email',
  email_address: 'email',
  mail: 'email',
  full_name: 'name',
  firstname: 'first_name',
  lastname: 'last_name',
  company_name: 'company',
  organization: 'company',
  organisation: 'company',
  tag: 'tags',
  status: 'subscription_status',
  subscribed: 'subscription_status',
  consent: 'consent_source',
  consent_date: 'consent_recorded_at',
  consented_at: 'consent_recorded_at',
}

/** Columns of a contacts export that an import ignores (owned by the platform). */
const IGNORED = new Set([
  'id',
  'workspace_id',
  'lead_id',
  'created_at',
  'updated_at',
  'created_by',
  'confirmed_at',
  'unsubscribed_at',
])

/** Header name as the contacts importer understands it. */
export function normalizeContactHeader(header: string) {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
  return ALIASES[key] ?? key
}

/** The address check of the `email_contacts` table. */
const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

const SUBSCRIBED = new Set(['subscribed', 'yes', 'true', '1', 'opted_in', 'opt_in'])
const UNSUBSCRIBED = new Set(['unsubscribed', 'no', 'false', '0', 'opted_out', 'opt_out'])

/** One contact as a CSV row gives it. */
export interface ContactCsvValues {
  email: string
  name: string | null
  company: string | null
  tags: string[]
  subscription_status: 'subscribed' | 'unsubscribed'
  consent_source: string | null
  consent_recorded_at: string | null
  metadata: Record<string, string>
}

/**
 * Turns one CSV record into contact values, or the reason it cannot be
 * imported. A subscribed row needs a consent source (its column, or the
 * import's); `subscription_status` takes subscribed/unsubscribed (or yes/no);
 * unknown columns go to metadata.
 */
export function recordToContact(
  record: Record<string, string>,
  defaults: { consentSource: string | null; addTags: string[] }
): { ok: true; values: ContactCsvValues } | { ok: false; reason: string } {
  const email = (record.email ?? '').trim().toLowerCase()
  if (!email) return { ok: false, reason: 'email is empty' }
  if (email.length > 320 || !EMAIL_FORMAT.test(email)) {
    return { ok: false, reason: 'email is not a valid e-mail address' }
  }
  const name =
    (record.name ?? '').trim() ||
    [record.first_name, record.last_name]
      .map((part) => (part ?? '').trim())
      .filter(Boolean)
      .join(' ')
  const company = (record.company ?? '').trim()
  for (const [column, value] of [
    ['name', name],
    ['company', company],
  ] as const) {
    if (value.length > 200) return { ok: false, reason: `${column} is longer than 200 characters` }
  }
  const tags = normalizeTags([...(record.tags ?? '').split(/[;|,]/), ...defaults.addTags])
  if (tags.length > 50 || tags.some((tag) => tag.length > 50)) {
    return { ok: false, reason: 'tags: at most 50 tags of at most 50 characters' }
  }
  const statusText = (record.subscription_status ?? '').trim().toLowerCase()
  let status: ContactCsvValues['subscription_status'] = 'subscribed'
  if (UNSUBSCRIBED.has(statusText)) status = 'unsubscribed'
  else if (statusText && !SUBSCRIBED.has(statusText)) {
    return { ok: false, reason: 'subscription_status must be subscribed or unsubscribed' }
  }
  const consentSource = (record.consent_source ?? '').trim() || defaults.consentSource
  if (consentSource && consentSource.length > 200) {
    return { ok: false, reason: 'consent_source is longer than 200 characters' }
  }
  if (status === 'subscribed' && !consentSource) {
    return {
      ok: false,
      reason: 'consent_source is required for a subscribed contact (a column, or the import field)',
    }
  }
  const consentAtText = (record.consent_recorded_at ?? '').trim()
  let consentAt: string | null = null
  if (consentAtText) {
    const parsed = new Date(consentAtText)
    if (Number.isNaN(parsed.getTime()) || parsed.getTime() > Date.now() + 86_400_000) {
      return { ok: false, reason: 'consent_recorded_at is not a past date (ISO 8601)' }
    }
    consentAt = parsed.toISOString()
  }
  const metadata: Record<string, string> = {}
  for (const [column, raw] of Object.entries(record)) {
    const value = (raw ?? '').trim()
    if (!column || !value || IGNORED.has(column)) continue
    if (
      [
        'email',
        'name',
        'first_name',
        'last_name',
        'company',
        'tags',
        'subscription_status',
        'consent_source',
        'consent_recorded_at',
      ].includes(column)
    )
      continue
    metadata[column.slice(0, 64)] = value.slice(0, 2000)
  }
  return {
    ok: true,
    values: {
      email,
      name: name || null,
      company: company || null,
      tags,
      subscription_status: status,
      consent_source: consentSource ?? null,
      consent_recorded_at: consentAt,
      metadata,
    },
  }
}
