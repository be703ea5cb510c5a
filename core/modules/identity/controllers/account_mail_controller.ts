import type { HttpContext } from '@adonisjs/core/http'
import hash from '@adonisjs/core/services/hash'
import { Problem, mailConfig, rawQuery, tenant, withService } from '#sdk'
import { mailLocale, queueTransactionalMail } from '#modules/mail/services/index'
import {
  forgotPasswordValidator,
  requestVerificationValidator,
  resetPasswordValidator,
  verifyEmailValidator,
} from '../validators/account_mail_validator.js'
import {
  consumeEmailToken,
  emailTokenHours,
  issueEmailToken,
  issueOwnVerificationToken,
} from '../services/email_token_service.js'

/** A link from a mail: the host's page that takes the token (MAIL_LINK_BASE_URL). */
const mailLink = (page: string, token: string) =>
  `${mailConfig.linkBaseUrl}/${page}?token=${encodeURIComponent(token)}`

/**
 * Password reset (request and confirm) and address verification: single-use,
 * expiring tokens sent by mail.
 */
export default class AccountMailController {
  /**
   * Mails a reset link when the address has an account. The answer is the
   * same 202 either way, so the route does not tell who has an account.
   */
  async forgot({ request, response }: HttpContext) {
    const input = await request.validateUsing(forgotPasswordValidator)
    const locale = mailLocale(input.locale, request.header('accept-language'))
    await withService(async ({ trx }) => {
      const user = await trx
        .from('users')
        .select('id', 'email')
        .whereRaw('lower(email) = lower(?)', [input.email])
        .first()
      if (!user) return
      const token = await issueEmailToken(trx, user.id, user.email, 'password_reset')
      await queueTransactionalMail('password_reset', user.email, {
        locale,
        values: {
          link: mailLink('reset-password', token),
          hours: emailTokenHours('password_reset'),
        },
      })
    })
    response.status(202)
    return { status: 'queued' as const }
  }

  /** Sets a new password with a reset token and revokes every access token of the user. */
  async reset({ request, response }: HttpContext) {
    const input = await request.validateUsing(resetPasswordValidator)
    const password = await hash.make(input.password)
    await withService(async ({ trx }) => {
      const { user_id: userId, email } = await consumeEmailToken(trx, input.token, 'password_reset')
      // The mail reached the address, which proves it, as long as it is still the account's.
      await rawQuery(
        trx,
        `update users set password = ?,
           email_verified_at = case when lower(email) = lower(?) then coalesce(email_verified_at, now()) else email_verified_at end
         where id = ?`,
        [password, email, userId]
      )
      await trx.from('auth_access_tokens').where('tokenable_id', userId).delete()
    })
    response.status(204)
  }

  /** Mails a verification link to the caller's address. */
  async requestVerification({ request, response }: HttpContext) {
    const input = await request.validateUsing(requestVerificationValidator)
    const locale = mailLocale(input.locale, request.header('accept-language'))
    const { token, email } = await issueOwnVerificationToken(tenant().trx)
    await queueTransactionalMail('email_verification', email, {
      locale,
      values: {
        link: mailLink('verify-email', token),
        hours: emailTokenHours('email_verification'),
      },
    })
    response.status(202)
    return { status: 'queued' as const, to: email }
  }

  /** Marks the address verified when the token's address is still the account's. */
  async verify({ request }: HttpContext) {
    const input = await request.validateUsing(verifyEmailValidator)
    return withService(async ({ trx }) => {
      const { user_id: userId, email } = await consumeEmailToken(
        trx,
        input.token,
        'email_verification'
      )
      const result = await rawQuery(
        trx,
        `update users set email_verified_at = coalesce(email_verified_at, now())
         where id = ? and lower(email) = lower(?) returning email, email_verified_at`,
        [userId, email]
      )
      const row = result.rows[0]
      if (!row) throw Problem.invalidField('token', 'This link is invalid, used or expired')
      return {
        status: 'verified' as const,
        email: row.email,
        email_verified_at: row.email_verified_at,
      }
    })
  }
}
