import vine from '@vinejs/vine'

/** Body of POST /v1/api-keys; scopes are checked against the known list. */
export const createApiKeyValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
  scopes: vine
    .array(vine.string().trim().minLength(1).maxLength(64))
    .minLength(1)
    .maxLength(50)
    .distinct(),
  expires_in_days: vine.number().withoutDecimals().range([1, 3650]).optional(),
})
