import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import { Problem, enqueue, tenant, idParam, workspaceStorage } from '#sdk'
import { createImportValidator } from '../validators/lead_import_validator.js'
import {
  CsvFileError,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  checkHeader,
  decodeUtf8,
  parseLeadCsv,
} from '../services/csv_rows.js'
import { importFileKey, leadImportResource } from '../services/lead_import_resource.js'

/** A byte limit as people read it: `10 MB` when it is a whole number of MiB. */
function importLimitText(bytes: number) {
  const mb = bytes / (1024 * 1024)
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`
}

/**
 * CSV imports: the upload is checked (size, encoding, header, row count),
 * stored and processed by the `leads/import_csv` job; its progress is read
 * back here.
 */
export default class LeadImportsController {
  async store({ request, response }: HttpContext) {
    const { source } = await createImportValidator.validate(request.body())
    const file = request.file('file', { size: MAX_IMPORT_BYTES, extnames: ['csv', 'txt'] })
    if (!file)
      throw Problem.invalidField(
        'file',
        'Attach the CSV file as the multipart field "file"',
        'required'
      )
    if (!file.isValid) {
      const error = file.errors[0]
      if (error?.type === 'size') {
        throw new Problem(
          413,
          'payload-too-large',
          'Payload Too Large',
          `The CSV file is larger than the limit of ${importLimitText(MAX_IMPORT_BYTES)}`
        )
      }
      throw Problem.invalidField(
        'file',
        error?.message ?? 'The file is not a CSV file',
        error?.type ?? 'file'
      )
    }
    let rows: number
    let bytes: Buffer
    try {
      bytes = await readFile(file.tmpPath!)
      const content = decodeUtf8(bytes)
      checkHeader(content)
      const records = await parseLeadCsv(content, { maxRecords: MAX_IMPORT_ROWS })
      rows = records.length
    } catch (error) {
      if (error instanceof CsvFileError) throw Problem.invalidField('file', error.message, 'csv')
      throw error
    }
    if (rows === 0) throw Problem.invalidField('file', 'The CSV file has no data rows', 'csv')
    const { trx, workspaceId, userId } = tenant()
    // The file waits in the workspace's storage for the job, which streams it
    // once; it is written before the row, and removed again if the row is not.
    const id = randomUUID()
    const storage = workspaceStorage(workspaceId!)
    const storageKey = importFileKey(id)
    await storage.put(storageKey, bytes, 'text/csv')
    let created: typeof leadImportResource.$row
    try {
      ;[created] = await trx
        .insertQuery()
        .table('lead_imports')
        .insert({
          id,
          workspace_id: workspaceId,
          created_by: userId,
          file_name: file.clientName.slice(0, 255),
          default_source: source ?? 'import',
          storage_key: storageKey,
          rows_total: rows,
        })
        .returning([...leadImportResource.columns])
    } catch (error) {
      await storage.delete(storageKey).catch(() => {})
      throw error
    }
    await enqueue('leads/import_csv', { import_id: created.id }, { maxAttempts: 3 })
    response.status(202)
    return created
  }

  async show({ params }: HttpContext) {
    const id = idParam(params, 'Import')
    const { trx, workspaceId } = tenant()
    const row = await leadImportResource
      .query(trx)
      .where({ id, workspace_id: workspaceId! })
      .first()
    if (!row) throw Problem.notFound('Import')
    return row
  }
}
