import type { Readable } from 'node:stream'
import { CsvFileError, checkCsvHeader, csvRecords, decodeUtf8, textStream } from '#sdk'
import {
  COMPANY_SIZES,
  EMAIL_FORMAT,
  LEAD_STATUSES,
  LEAD_TEXT_MAX,
} from '../validators/lead_validator.js'
import type { LeadValues } from './lead_writer.js'
import leadsConfig from '../leads_config.js'

/** Largest CSV file accepted for import (LEADS_IMPORT_MAX_BYTES). */
export const MAX_IMPORT_BYTES = leadsConfig.importMaxBytes
/** Most data rows in one import (LEADS_IMPORT_MAX_ROWS). */
export const MAX_IMPORT_ROWS = leadsConfig.importMaxRows

/** Header aliases (after lower-casing and turning spaces and dashes into `_`). */
const ALIASES: Record<string, string> = {
  e_mail: 'email',
  email_address: 'email',
  mail: 'email',
  firstname: 'first_name',
  first: 'first_name',
  given_name: 'first_name',
  lastname: 'last_name',
  last: 'last_name',
  surname: 'last_name',
  family_name: 'last_name',
  company_name: 'company',
  organization: 'company',
  organisation: 'company',
  title: 'job_title',
  jobtitle: 'job_title',
  phone_number: 'phone',
  mobile: 'phone',
  size: 'company_size',
  tag: 'tags',
}

/** Columns of the export that an import ignores (computed or owned by the platform). */
const IGNORED = new Set([
  'id',
  'workspace_id',
  'lead_score',
  'score',
  'created_at',
  'updated_at',
  'created_by',
  'consent_recorded_at',
  'consent_text',
])

/** The plain text columns an import sets, with their length limits (those of the API). */
const TEXT_COLUMNS: Record<string, number> = LEAD_TEXT_MAX

/** Header name as the importer understands it. */
export function normalizeHeader(header: string) {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
  return ALIASES[key] ?? key
}

/** Thrown when the file itself cannot be read as CSV (answered as a 422). */
export { CsvFileError, decodeUtf8, textStream }

/** Reads the records of a CSV stream, keyed by the leads' normalised header (see csvRecords). */
export function leadCsvRecords(input: Readable): AsyncGenerator<Record<string, string>> {
  return csvRecords(input, normalizeHeader)
}

/**
 * Parses the file into records keyed by normalised header (in slices, see
 * textStream). With `maxRecords`, a file with more records is refused as soon
 * as the parser passes that count.
 */
export async function parseLeadCsv(
  content: string,
  options: { maxRecords?: number } = {}
): Promise<Record<string, string>[]> {
  if (content.includes('\u0000')) throw new CsvFileError('The file is not a text CSV file')
  const records: Record<string, string>[] = []
  for await (const record of leadCsvRecords(textStream(content))) {
    records.push(record)
    if (options.maxRecords !== undefined && records.length > options.maxRecords) {
      throw new CsvFileError(`The CSV file has more than ${options.maxRecords} rows: split it`)
    }
  }
  return records
}

/** Checks the header of a parsed file (needs an e-mail column). */
export function checkHeader(content: string) {
  checkCsvHeader(content, normalizeHeader, 'email')
}

const TRUE = new Set(['true', 'yes', 'y', '1'])
const FALSE = new Set(['false', 'no', 'n', '0'])

/**
 * Turns one CSV record into lead values, or the reason it cannot be
 * imported. Unknown columns go to custom_fields; a `custom_fields` column
 * holding a JSON object (as exported) is merged in.
 */
export function recordToLead(
  record: Record<string, string>,
  defaultSource: string
): { ok: true; values: LeadValues } | { ok: false; reason: string } {
  const email = (record.email ?? '').trim()
  if (!email) return { ok: false, reason: 'email is empty' }
  if (email.length > 320 || !EMAIL_FORMAT.test(email)) {
    return { ok: false, reason: 'email is not a valid e-mail address' }
  }
  const values: LeadValues = { email, source: defaultSource }
  const custom: Record<string, unknown> = {}
  for (const [column, raw] of Object.entries(record)) {
    const value = (raw ?? '').trim()
    if (column === 'email' || IGNORED.has(column) || !column) continue
    if (Object.hasOwn(TEXT_COLUMNS, column)) {
      if (value.length > TEXT_COLUMNS[column]) {
        return { ok: false, reason: `${column} is longer than ${TEXT_COLUMNS[column]} characters` }
      }
      if (value) (values as unknown as Record<string, string>)[column] = value
    } else if (column === 'company_size') {
      if (!value) continue
      const size = value.toLowerCase()
      if (!(COMPANY_SIZES as readonly string[]).includes(size)) {
        return { ok: false, reason: `company_size must be one of ${COMPANY_SIZES.join(', ')}` }
      }
      values.company_size = size as (typeof COMPANY_SIZES)[number]
    } else if (column === 'status') {
      if (!value) continue
      const status = value.toLowerCase()
      if (!(LEAD_STATUSES as readonly string[]).includes(status)) {
        return { ok: false, reason: `status must be one of ${LEAD_STATUSES.join(', ')}` }
      }
      values.status = status
    } else if (column === 'tags') {
      const tags = value
        .split(/[;|,]/)
        .map((tag) => tag.trim())
        .filter(Boolean)
      if (tags.length > 50 || tags.some((tag) => tag.length > 50)) {
        return { ok: false, reason: 'tags: at most 50 tags of at most 50 characters' }
      }
      values.tags = tags
    } else if (column === 'marketing_consent') {
      if (!value) continue
      const lowered = value.toLowerCase()
      if (!TRUE.has(lowered) && !FALSE.has(lowered)) {
        return { ok: false, reason: 'marketing_consent must be true or false' }
      }
      values.consent = { marketing: TRUE.has(lowered), text: record.consent_text || null }
    } else if (column === 'custom_fields') {
      if (!value) continue
      let parsed: unknown
      try {
        parsed = JSON.parse(value)
      } catch {
        return { ok: false, reason: 'custom_fields is not valid JSON' }
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return { ok: false, reason: 'custom_fields must be a JSON object' }
      }
      Object.assign(custom, parsed)
    } else if (value) {
      custom[column.slice(0, 64)] = value.slice(0, 2000)
    }
  }
  if (Object.keys(custom).length) values.custom_fields = custom
  return { ok: true, values }
}
