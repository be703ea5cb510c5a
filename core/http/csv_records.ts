import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parse as parseStream } from 'csv-parse'
import { parse } from 'csv-parse/sync'

/*
| The one way to read an imported CSV file: decoded strictly as UTF-8, parsed
| as a stream once (never held whole), records keyed by a normalised header.
| Plugins' import jobs (leads, email contacts) build on it; csv_cell.ts is the
| way out (exports).
*/

/** Characters parsed between two turns of the event loop (a few milliseconds of work). */
const PARSE_SLICE = 64 * 1024

/** Thrown when the file itself cannot be read as CSV (answered as a 422). */
export class CsvFileError extends Error {}

/**
 * The upload as text. Anything that is not valid UTF-8 (a Latin-1 or UTF-16
 * export) is refused rather than imported with replacement characters.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new CsvFileError('The file is not UTF-8 text: save it as "CSV UTF-8" and upload it again')
  }
}

/** The text in slices, each handed out on a later turn of the event loop. */
async function* slices(content: string) {
  for (let offset = 0; offset < content.length; offset += PARSE_SLICE) {
    await nextTurn()
    yield content.slice(offset, offset + PARSE_SLICE)
  }
}

/**
 * A stream of the text in slices, a turn of the event loop between them, so a
 * 10 MB file (about a second and a half of parsing) is read in small steps
 * between which other requests are served.
 */
export function textStream(content: string): Readable {
  return Readable.from(slices(content), { objectMode: false })
}

/**
 * Reads the records of a CSV stream (text, or UTF-8 bytes), keyed by the
 * header as `normalizeHeader` names it, one at a time: the file is parsed
 * once, as it arrives. Errors of the file itself become CsvFileError.
 */
export async function* csvRecords(
  input: Readable,
  normalizeHeader: (header: string) => string
): AsyncGenerator<Record<string, string>> {
  const parser = parseStream({
    bom: true,
    encoding: 'utf8',
    columns: (headers: string[]) => headers.map(normalizeHeader),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    max_record_size: 64 * 1024,
  })
  input.on('error', (error) => parser.destroy(error))
  input.pipe(parser)
  try {
    for await (const record of parser) yield record as Record<string, string>
  } catch (error) {
    if (error instanceof CsvFileError) throw error
    throw new CsvFileError(`The CSV file cannot be read: ${(error as Error).message}`)
  } finally {
    input.unpipe(parser)
    input.destroy()
    parser.destroy()
  }
}

/**
 * Counts the records of a file's text (parsed in slices, see textStream),
 * refusing a binary file and, with `maxRecords`, a file with more records as
 * soon as the parser passes that count.
 */
export async function countCsvRecords(
  content: string,
  normalizeHeader: (header: string) => string,
  maxRecords?: number
): Promise<number> {
  if (content.includes('\u0000')) throw new CsvFileError('The file is not a text CSV file')
  let count = 0
  for await (const record of csvRecords(textStream(content), normalizeHeader)) {
    if (Object.keys(record).length) count++
    if (maxRecords !== undefined && count > maxRecords) {
      throw new CsvFileError(`The CSV file has more than ${maxRecords} rows: split it`)
    }
  }
  return count
}

/**
 * The normalised names of the header row; refuses a header that repeats a
 * column or lacks `required`.
 */
export function checkCsvHeader(
  content: string,
  normalizeHeader: (header: string) => string,
  required: string
) {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  let headers: string[]
  try {
    headers = (parse(firstLine, { to_line: 1 }) as string[][])[0] ?? []
  } catch (error) {
    throw new CsvFileError(`The CSV header cannot be read: ${(error as Error).message}`)
  }
  const names = headers.map(normalizeHeader).filter(Boolean)
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  if (repeated) {
    throw new CsvFileError(`The CSV header names the column "${repeated}" twice`)
  }
  if (!names.includes(required)) {
    throw new CsvFileError(
      `The CSV file needs a header row with an "${required}" column (used to merge duplicates)`
    )
  }
  return names
}
