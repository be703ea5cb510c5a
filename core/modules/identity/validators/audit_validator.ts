import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Query of GET /v1/audit-log. */
export const auditQueryValidator = vine.create({
  ...pageQuery,
  table_name: vine.string().maxLength(63).optional(),
  row_id: vine.string().maxLength(200).optional(),
})
