import vine from '@vinejs/vine'

const locale = () => vine.enum(['en', 'fr', 'de'] as const).optional()
const token = () => vine.string().trim().minLength(20).maxLength(200)

/** Body of POST /v1/auth/password/forgot. */
export const forgotPasswordValidator = vine.create({
  email: vine.string().trim().email().maxLength(254),
  /** Language of the mail (default: the Accept-Language header, then English). */
  locale: locale(),
})

/** Body of POST /v1/auth/password/reset. */
export const resetPasswordValidator = vine.create({
  token: token(),
  password: vine.string().minLength(10).maxLength(200),
})

/** Body of POST /v1/auth/email/verification. */
export const requestVerificationValidator = vine.create({
  locale: locale(),
})

/** Body of POST /v1/auth/email/verify. */
export const verifyEmailValidator = vine.create({
  token: token(),
})
