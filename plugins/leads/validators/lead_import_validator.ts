import vine from '@vinejs/vine'

/** Form fields of POST /v1/leads/imports besides the file. */
export const createImportValidator = vine.create({
  source: vine.string().trim().minLength(1).maxLength(100).optional(),
})
