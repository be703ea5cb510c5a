import vine from '@vinejs/vine'

/** Body of PUT /v1/privacy/settings (every field optional: a partial update). */
export const putPrivacySettingsValidator = vine.create({
  data_processing_consent: vine.boolean({ strict: true }).optional(),
  marketing_consent: vine.boolean({ strict: true }).optional(),
  analytics_consent: vine.boolean({ strict: true }).optional(),
  third_party_consent: vine.boolean({ strict: true }).optional(),
  /** Days the user's retention-eligible data is kept; null keeps it indefinitely. */
  data_retention_days: vine.number().withoutDecimals().range([1, 36500]).nullable().optional(),
})

/** Body of POST /v1/privacy/deletions. */
export const createDeletionValidator = vine.create({
  reason: vine.string().trim().maxLength(1000).optional(),
})

/** Body of POST /v1/privacy/deletions/:id/confirm: the token and the current password. */
export const confirmDeletionValidator = vine.create({
  token: vine.string().minLength(1).maxLength(200),
  password: vine.string().minLength(1).maxLength(200),
})

/** Query of the signed download route. */
export const downloadQueryValidator = vine.create({
  expires: vine.string().maxLength(20),
  signature: vine.string().maxLength(200),
})
