import { parse } from 'csv-parse/sync'
import { toProblem } from '#sdk'
import { createEntry, type EntryInput } from './calendar_service.js'
import { CONTENT_TYPES } from '../validators/calendar_entry_validator.js'

/** Largest calendar CSV file (bytes). */
export const MAX_CALENDAR_CSV_BYTES = 5 * 1024 * 1024
/** Most data rows in one calendar import. */
export const MAX_CALENDAR_CSV_ROWS = 10_000

/** The columns an import reads (the export writes them too). */
const COLUMNS = [
  'title',
  'description',
  'content_type',
  'platform',
  'scheduled_date',
  'status',
  'recurrence_rule',
  'time_zone',
  'campaign_id',
] as const

/** Thrown when the file itself cannot be read (answered as a 422). */
export class CalendarCsvError extends Error {}

/** The upload as UTF-8 text, or a CalendarCsvError. */
export function decodeCsv(bytes: Uint8Array) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new CalendarCsvError('The file is not UTF-8 text: save it as "CSV UTF-8"')
  }
}

/** Parses the file into records keyed by lower-cased header; checks the header. */
export function parseCalendarCsv(content: string): Record<string, string>[] {
  if (content.includes('\u0000')) throw new CalendarCsvError('The file is not a text CSV file')
  let records: Record<string, string>[]
  try {
    records = parse(content, {
      bom: true,
      columns: (headers: string[]) =>
        headers.map((h) =>
          h
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        ),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      max_record_size: 64 * 1024,
    })
  } catch (error) {
    throw new CalendarCsvError(`The CSV file cannot be read: ${(error as Error).message}`)
  }
  const first = records[0]
  if (first && !['title', 'content_type', 'scheduled_date'].every((name) => name in first)) {
    throw new CalendarCsvError(
      'The CSV header needs title, content_type and scheduled_date columns'
    )
  }
  if (records.length > MAX_CALENDAR_CSV_ROWS) {
    throw new CalendarCsvError(`The CSV file has more than ${MAX_CALENDAR_CSV_ROWS} rows: split it`)
  }
  return records
}

/** One record as entry input, or the reason it cannot be imported. */
export function recordToEntry(
  record: Record<string, string>
): { ok: true; input: EntryInput } | { ok: false; reason: string } {
  const title = record.title ?? ''
  if (!title) return { ok: false, reason: 'title is empty' }
  if (title.length > 300) return { ok: false, reason: 'title is longer than 300 characters' }
  const type = (record.content_type ?? '').toLowerCase()
  if (!(CONTENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, reason: `content_type must be one of ${CONTENT_TYPES.join(', ')}` }
  }
  const date = record.scheduled_date ?? ''
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(date) ||
    Number.isNaN(Date.parse(date))
  ) {
    return { ok: false, reason: 'scheduled_date must be an ISO 8601 date or date-time with a zone' }
  }
  const status = (record.status || 'draft').toLowerCase()
  if (status !== 'draft' && status !== 'scheduled') {
    return { ok: false, reason: 'status must be draft or scheduled' }
  }
  const input: EntryInput = {
    title,
    content_type: type,
    scheduled_date: new Date(date.length === 10 ? `${date}T09:00:00Z` : date),
    status,
  }
  if (record.description) input.description = record.description.slice(0, 10_000)
  if (record.platform) input.platform = record.platform.slice(0, 100)
  if (record.recurrence_rule) input.recurrence_rule = record.recurrence_rule
  if (record.time_zone) input.time_zone = record.time_zone
  if (record.campaign_id) {
    if (
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(record.campaign_id)
    ) {
      return { ok: false, reason: 'campaign_id is not a UUID' }
    }
    input.campaign_id = record.campaign_id
  }
  return { ok: true, input }
}

/**
 * Creates one entry from a record inside a savepoint, so a row the checks
 * or the database refuse is reported without undoing the others.
 */
export async function importRecord(
  record: Record<string, string>,
  savepoint: (sql: string) => Promise<unknown>
): Promise<string | null> {
  const parsed = recordToEntry(record)
  if (!parsed.ok) return parsed.reason
  await savepoint('savepoint content_calendar_row')
  try {
    await createEntry(parsed.input)
    await savepoint('release savepoint content_calendar_row')
    return null
  } catch (error) {
    await savepoint('rollback to savepoint content_calendar_row')
    const problem = toProblem(error)
    return problem.errors?.[0]?.message ?? problem.message
  }
}

/** The columns of the CSV export, in order (the import reads the same names). */
export const EXPORT_COLUMNS = [
  'id',
  ...COLUMNS,
  'assigned_to',
  'published_at',
  'created_at',
] as const
