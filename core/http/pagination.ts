import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { Problem } from '#core/http/problem'
import { isUuid } from '#core/http/id_param'

/** A column of the keyset and the type its cursor value is cast back to. */
export interface KeysetColumn {
  column: string
  cast: 'timestamptz' | 'date' | 'uuid' | 'text' | 'bigint'
}

/** One page of a list route. */
export interface Page<T> {
  data: T[]
  next_cursor: string | null
}

const DEFAULT_LIMIT = 25

/** The order most list routes use: newest first, the id breaking ties (`created_at desc, id desc`). */
export const NEWEST_FIRST: { keys: KeysetColumn[]; direction: 'desc' } = {
  keys: [
    { column: 'created_at', cast: 'timestamptz' },
    { column: 'id', cast: 'uuid' },
  ],
  direction: 'desc',
}

/**
 * Cursor (keyset) pagination: orders by the given columns, continues strictly
 * after the cursor's row, and returns an opaque cursor for the next page.
 * Stable under inserts and deletes, and index-friendly, unlike OFFSET.
 */
export async function keysetPage<T extends Record<string, unknown>>(
  query: DatabaseQueryBuilderContract<any>,
  options: {
    limit?: number
    cursor?: string
    keys: KeysetColumn[]
    direction: 'asc' | 'desc'
  }
): Promise<Page<T>> {
  const limit = options.limit ?? DEFAULT_LIMIT
  const { keys, direction } = options

  if (options.cursor) {
    const values = decodeCursor(options.cursor, keys)
    const columns = keys.map((key) => key.column).join(', ')
    const placeholders = keys.map((key) => `?::${key.cast}`).join(', ')
    query.whereRaw(`(${columns}) ${direction === 'desc' ? '<' : '>'} (${placeholders})`, values)
  }
  keys.forEach((key, index) => {
    query.select(query.client.raw(`${key.column}::text as __cursor_${index}`))
    query.orderBy(key.column, direction)
  })

  const rows = (await query.limit(limit + 1)) as Record<string, unknown>[]
  const hasMore = rows.length > limit
  const pageRows = rows.slice(0, limit)
  const last = pageRows.at(-1)
  const next =
    hasMore && last
      ? Buffer.from(JSON.stringify(keys.map((_key, index) => last[`__cursor_${index}`]))).toString(
          'base64url'
        )
      : null
  // Each row is copied without its cursor columns rather than copied and
  // then `delete`d from: deleting a property turns an object into a slow
  // dictionary, which made the response's JSON.stringify about a third slower.
  const cursorColumns = new Set(keys.map((_key, index) => `__cursor_${index}`))
  const data = pageRows.map((row) => {
    const copy: Record<string, unknown> = {}
    for (const name of Object.keys(row)) {
      if (!cursorColumns.has(name)) copy[name] = row[name]
    }
    return copy as T
  })
  return { data, next_cursor: next }
}

/** What a cursor value must look like for each cast, checked before it reaches SQL. */
const CURSOR_VALUE: Record<KeysetColumn['cast'], (value: string) => boolean> = {
  uuid: (value) => isUuid(value),
  bigint: (value) => /^-?\d{1,18}$/.test(value),
  timestamptz: (value) =>
    /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/.test(value) &&
    !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))),
  date: (value) =>
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)),
  text: (value) => value.length <= 1000 && !value.includes('\u0000'),
}

function decodeCursor(cursor: string, keys: KeysetColumn[]): string[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(values) &&
      values.length === keys.length &&
      values.every(
        (value, index) => typeof value === 'string' && CURSOR_VALUE[keys[index].cast](value)
      )
    ) {
      return values
    }
  } catch {
    // fall through to the error below
  }
  throw Problem.invalidField('cursor', 'The cursor is not valid for this list', 'cursor')
}
