import vine from '@vinejs/vine'

const email = () => vine.string().trim().email().maxLength(254)

/** Body of POST /v1/auth/register. */
export const registerValidator = vine.create({
  email: email(),
  password: vine.string().minLength(10).maxLength(200),
  full_name: vine.string().trim().minLength(1).maxLength(200).optional(),
  workspace_name: vine.string().trim().minLength(1).maxLength(200).optional(),
})

/** Body of POST /v1/auth/login. */
export const loginValidator = vine.create({
  email: email(),
  password: vine.string().maxLength(200),
  token_name: vine.string().trim().maxLength(100).optional(),
})
