import { once } from 'node:events'
import type { HttpContext } from '@adonisjs/core/http'
import { stringify } from 'csv-stringify/sync'
import { tenant } from '#core/tenancy/tenant_context'
import { exportLeadsValidator } from '../validators/lead_validator.js'
import { applyLeadFilters } from '../services/lead_query.js'

/** Columns of the CSV export, in order (the import reads the same names). */
export const EXPORT_COLUMNS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'company',
  'job_title',
  'phone',
  'industry',
  'company_size',
  'source',
  'status',
  'lead_score',
  'tags',
  'marketing_consent',
  'consent_text',
  'custom_fields',
  'created_at',
  'updated_at',
] as const

const BATCH = 1000

/**
 * A cell as written to the file. Text that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) gets a leading apostrophe.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return csvCell(value.join('; '))
  if (typeof value === 'object') return JSON.stringify(value)
  const text = String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/**
 * Streams the leads that match the filters as CSV, newest first, in batches
 * read inside the request's transaction (one consistent snapshot), with
 * backpressure: memory stays flat whatever the number of leads.
 */
export default class LeadExportsController {
  async export(ctx: HttpContext) {
    const filters = await exportLeadsValidator.validate(ctx.request.qs())
    const { trx, workspaceId } = tenant()
    const page = (after: { created_at: string; id: string } | null) => {
      const query = applyLeadFilters(
        trx.from('leads').select([...EXPORT_COLUMNS, trx.raw('created_at::text as cursor_at')]),
        workspaceId!,
        filters
      )
      if (after) {
        query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [after.created_at, after.id])
      }
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(BATCH)
    }
    // The first batch is read before anything is sent, so bad filters still get a clean 422.
    let rows = await page(null)

    const res = ctx.response.response
    ctx.response.status(200)
    res.writeHead(200, {
      ...ctx.response.getHeaders(),
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    })
    // Waits for the client to take the data; stops early if it goes away.
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')])
    }
    await write(stringify([EXPORT_COLUMNS as unknown as string[]]))
    while (rows.length && !res.destroyed) {
      await write(
        stringify(rows.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column]))))
      )
      if (rows.length < BATCH) break
      const last = rows.at(-1)!
      rows = await page({ created_at: last.cursor_at, id: last.id })
    }
    res.end()
  }
}
