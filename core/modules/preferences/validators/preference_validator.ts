import vine from '@vinejs/vine'

/** The `:category` path parameter of preference routes. */
export const categoryParam = vine.create({
  category: vine.string().regex(/^[a-z][a-z0-9_-]{0,63}$/),
})

/** Body of PUT /v1/preferences/:category (replaces the category's data). */
export const putPreferenceValidator = vine.create({
  preference_data: vine.record(vine.any()),
  interface_mode: vine.enum(['simple', 'advanced'] as const).optional(),
})
