import vine from '@vinejs/vine'

/** `limit` and `cursor` of list routes. */
export const pageQuery = {
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
  cursor: vine.string().maxLength(200).optional(),
}

/** Query of a plain paginated list route. */
export const pageQueryValidator = vine.create(pageQuery)
