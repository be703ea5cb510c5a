import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Body of POST /v1/embed/secret-keys. */
export const createEmbedSecretKeyValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
})

/** Query of GET /v1/embed/end-users: a page, optionally only one host user id. */
export const endUserQueryValidator = vine.create({
  ...pageQuery,
  external_id: vine.string().minLength(1).maxLength(200).optional(),
})
