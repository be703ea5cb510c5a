import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import {
  CsvFileError,
  Problem,
  checkCsvHeader,
  countCsvRecords,
  decodeUtf8,
  enqueue,
  idParam,
  streamUpload,
  tenant,
  workspaceStorage,
} from '#sdk'
import { contactImportFieldsValidator } from '../validators/email_validator.js'
import { MAX_CONTACT_IMPORT_ROWS, normalizeContactHeader } from '../services/contact_csv.js'
import { contactImportFileKey, contactImportResource } from '../services/contact_import_resource.js'
import { normalizeTags } from '../services/contact_resource.js'

/**
 * Contacts CSV imports: the upload (streamed in before the transaction
 * opened) is checked (encoding, header, row count), put in the workspace's
 * storage and processed by the `email/import_contacts` job; its progress is
 * read back here.
 */
export default class EmailContactImportsController {
  async store(ctx: HttpContext) {
    const fields = await contactImportFieldsValidator.validate(ctx.request.body())
    const addTags = normalizeTags((fields.add_tags ?? '').split(/[;|,]/))
    if (addTags.length > 50 || addTags.some((tag) => tag.length > 50)) {
      throw Problem.invalidField('add_tags', 'At most 50 tags of at most 50 characters', 'tags')
    }
    const upload = streamUpload(ctx)
    const bytes = await readFile(upload.tmpPath)
    let rows: number
    try {
      const content = decodeUtf8(bytes)
      checkCsvHeader(content, normalizeContactHeader, 'email')
      rows = await countCsvRecords(content, normalizeContactHeader, MAX_CONTACT_IMPORT_ROWS)
    } catch (error) {
      if (error instanceof CsvFileError) throw Problem.invalidField('file', error.message, 'csv')
      throw error
    }
    if (rows === 0) throw Problem.invalidField('file', 'The CSV file has no data rows', 'csv')
    const { trx, workspaceId, userId } = tenant()
    // Written before the row, removed again if the row is not.
    const id = randomUUID()
    const storage = workspaceStorage(workspaceId!)
    const storageKey = contactImportFileKey(id)
    await storage.put(storageKey, bytes, 'text/csv')
    try {
      await trx
        .insertQuery()
        .table('email_contact_imports')
        .insert({
          id,
          workspace_id: workspaceId,
          created_by: userId,
          file_name: upload.clientName.slice(0, 255),
          storage_key: storageKey,
          consent_source: fields.consent_source ?? null,
          add_tags: addTags,
          rows_total: rows,
        })
    } catch (error) {
      await storage.delete(storageKey).catch(() => {})
      throw error
    }
    await enqueue('email/import_contacts', { import_id: id }, { maxAttempts: 3 })
    ctx.response.status(202)
    return contactImportResource.query(trx).where('id', id).first()
  }

  async show({ params }: HttpContext) {
    const row = await contactImportResource
      .query(tenant().trx)
      .where('id', idParam(params, 'Import'))
      .first()
    if (!row) throw Problem.notFound('Import')
    return row
  }
}
