import vine from '@vinejs/vine'

/** A UUID path parameter; anything else is reported as not found. */
export const uuidParam = vine.create({ id: vine.string().uuid() })

/** `limit` and `cursor` of list routes. */
export const pageQuery = {
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
  cursor: vine.string().maxLength(200).optional(),
}

/** Query of a plain paginated list route. */
export const pageQueryValidator = vine.create(pageQuery)
